"""The trainee's screens: confirm from the e-mailed link, the private calendar feed."""

from django.http import Http404


def confirm(request, token):  # TODO(helper): build
    raise Http404


def calendar_settings(request):  # TODO(helper): build
    raise Http404


def calendar_feed(request, token):  # TODO(helper): build
    raise Http404
