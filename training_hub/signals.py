"""Keep the role groups and their admin permissions in place after every migrate."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from .roles import ADMIN_GROUPS, Role

# Model permissions per role group: (app_label, codename).
ROLE_PERMISSIONS = {
    Role.RSO: [
        ("wagtailadmin", "access_admin"),
        ("training_hub", "add_member"),
        ("training_hub", "change_member"),
        ("training_hub", "view_member"),
        ("training_hub", "add_user"),
        ("training_hub", "change_user"),
        ("training_hub", "view_user"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("courses", "add_session"),
        ("courses", "change_session"),
        ("courses", "view_session"),
        ("courses", "add_topic"),
        ("courses", "change_topic"),
        ("courses", "add_language"),
        ("courses", "change_language"),
    ],
    Role.DIRECTOR: [
        ("wagtailadmin", "access_admin"),
        ("courses", "add_session"),
        ("courses", "change_session"),
        ("courses", "view_session"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
    ],
}


def ensure_role_groups(sender=None, **kwargs):
    """Create the role groups and grant their permissions; running it again changes nothing."""
    # Our post_migrate receiver can run before auth's, so make sure the permissions exist.
    for label in {app for grants in ROLE_PERMISSIONS.values() for app, _ in grants} | {
        "wagtailcore"
    }:
        create_permissions(apps.get_app_config(label), verbosity=0)
    for role, group_name in ADMIN_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, codename in ROLE_PERMISSIONS[role]:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)
    _grant_rso_page_permissions()
    _ensure_rso_approval_workflow()


def _grant_rso_page_permissions():
    """The RSO curates every page below the site root (directors get theirs per centre)."""
    from wagtail.models import GroupPagePermission, Page

    home = Page.objects.filter(depth=2).first()
    if home is None:
        return
    group = Group.objects.get(name=ADMIN_GROUPS[Role.RSO])
    for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)


RSO_APPROVAL = "RSO approval"


def _ensure_rso_approval_workflow():
    """Pages below the centres index go live only when an RSO coordinator approves them."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    from catalogue.models import CentreIndexPage

    index = CentreIndexPage.objects.first()
    if index is None:
        return
    task, _ = GroupApprovalTask.objects.get_or_create(name=RSO_APPROVAL)
    task.groups.add(Group.objects.get(name=ADMIN_GROUPS[Role.RSO]))
    workflow, _ = Workflow.objects.get_or_create(name=RSO_APPROVAL)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
