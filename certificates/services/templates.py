"""Saving a certificate template: its wording's checks and a trial layout first."""

from django.db import transaction
from wagtail.log_actions import log

from training_hub.roles import Role
from training_hub.scopes import scope_for

from .. import placeholders, selectors
from ..choices import TEMPLATE_SAVED
from ..exceptions import NotAllowed, RuleBroken
from ..pdf import render
from .common import NOT_YOUR_TEMPLATE

# --- templates -----------------------------------------------------------------------------


def template_check(template):
    """The wording's placeholders and HTML, then a trial layout with sample data: the
    reasons a template cannot be saved, as a list of messages (empty when it can)."""
    from ..samples import sample_content

    errors = [str(e) for e in placeholders.check_placeholders(template.wording)]
    errors += placeholders.check_html(template.wording)
    if errors:
        return errors
    try:
        render.render(template, sample_content())
    except render.LayoutError as error:
        return [str(error)]
    return []


def template_save(*, template, user):
    """Save a template (with its logos and signatories) after `template_check`; a director
    only for their own centres. Logs it."""
    scope = scope_for(user)
    if scope.role == Role.DIRECTOR:
        if template.centre_id is None or template.centre_id not in scope.centre_ids:
            raise NotAllowed(NOT_YOUR_TEMPLATE)
        if (
            template.pk
            and not selectors.templates_editable_by(user).filter(pk=template.pk).exists()
        ):
            raise NotAllowed(NOT_YOUR_TEMPLATE)
    elif not scope.sees_everything:
        raise NotAllowed(NOT_YOUR_TEMPLATE)
    errors = template_check(template)
    if errors:
        raise RuleBroken(errors)
    with transaction.atomic():
        if template.created_by_id is None:
            template.created_by = user
        template.save()
        log(instance=template, action=TEMPLATE_SAVED, user=user)
    return template
