"""The page tree and groups the course domain needs, kept in place after every migrate.

Pages are added through Wagtail's own API (`add_child`), never with hand-built tree paths.
Running any of this again changes nothing.
"""

from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

from training_hub.roles import ADMIN_GROUPS, Role

RSO_APPROVAL = "RSO approval"
CURRICULA_INTRO = "The RSO's modular training programmes, and where each module is taught."


def ensure_course_pages(sender=None, **kwargs):
    """The centres and curricula indexes below the home page, and the RSO approval workflow."""
    from training_hub.models import HomePage

    from .models import CentreIndexPage, CurriculumIndexPage

    home = HomePage.objects.first()
    if home is None:
        return
    if not CentreIndexPage.objects.exists():
        home.add_child(
            instance=CentreIndexPage(
                title=_("Centres of excellence"),
                slug="centres",
                intro=f"<p>{_('The regional centres that run Bali Process training courses.')}</p>",
            )
        )
    if not CurriculumIndexPage.objects.exists():
        home.add_child(
            instance=CurriculumIndexPage(
                title=_("Curricula"),
                slug="curricula",
                intro=f"<p>{_(CURRICULA_INTRO)}</p>",
            )
        )
    for index in CentreIndexPage.objects.all():
        _ensure_rso_approval_workflow(index)


def page_translated(sender, instance, created, raw=False, **kwargs):
    """A page of the course domain appeared in another language (a translation, or an alias
    that wagtail-localize makes of an untranslated parent): the workflow and the directors'
    permissions of its source reach it."""
    from .models import CentreIndexPage, CentrePage
    from .services import centre_translated

    if not created or raw:
        return
    if isinstance(instance, CentreIndexPage):
        _ensure_rso_approval_workflow(instance)
    elif isinstance(instance, CentrePage):
        centre_translated(centre=instance)


def _ensure_rso_approval_workflow(index):
    """Pages below the centres index (in each language) go live only when an RSO coordinator
    approves them."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    rso_group = Group.objects.filter(name=ADMIN_GROUPS[Role.RSO]).first()
    if rso_group is None:
        return
    task, _created = GroupApprovalTask.objects.get_or_create(name=RSO_APPROVAL)
    task.groups.add(rso_group)
    workflow, _created = Workflow.objects.get_or_create(name=RSO_APPROVAL)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})


def sync_director_groups(sender, user, **kwargs):
    """Receiver of `training_hub.signals.user_scope_changed`: centre editor groups."""
    from .services import directors_sync_editor_groups

    directors_sync_editor_groups(user=user)
