"""The focal point's screens: officials, needs, open sessions, nominate and rank, withdraw."""

from django.http import Http404


def open_sessions(request):  # TODO(helper): build
    raise Http404


def session_nominations(request, pk):  # TODO(helper): build
    raise Http404


def officials(request):  # TODO(helper): build
    raise Http404


def official_create(request):  # TODO(helper): build
    raise Http404


def official_edit(request, pk):  # TODO(helper): build
    raise Http404


def needs(request):  # TODO(helper): build
    raise Http404


def need_create(request):  # TODO(helper): build
    raise Http404


def need_edit(request, pk):  # TODO(helper): build
    raise Http404


def need_withdraw(request, pk):  # TODO(helper): build
    raise Http404


def nomination_detail(request, pk):  # TODO(helper): build
    raise Http404


def nomination_move(request, pk):  # TODO(helper): build
    raise Http404
