"""Keep the home page, the role groups and their permissions in place after every migrate;
and the signal apps listen to when a user's role or scope changes."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.dispatch import Signal
from django.utils.translation import gettext as _

from .roles import ADMIN_GROUPS, Role

# Model permissions per role group: (app_label, codename).
ROLE_PERMISSIONS = {
    Role.RSO: [
        ("wagtailadmin", "access_admin"),
        # Translating pages and snippets (wagtail-localize; scoped in localize_admin.py).
        ("wagtail_localize", "submit_translation"),
        ("training_hub", "add_member"),
        ("training_hub", "change_member"),
        ("training_hub", "view_member"),
        # The site's name and logo (SiteIdentity): the RSO's alone.
        ("training_hub", "change_siteidentity"),
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
        # The field's acronyms that the search expands (search.Acronym).
        ("search", "add_acronym"),
        ("search", "change_acronym"),
        ("search", "delete_acronym"),
        ("search", "view_acronym"),
        # Nominations are read in the admin; their moves go through the services.
        ("nominations", "view_nomination"),
        ("nominations", "view_trainingneed"),
        # Moves a need along its statuses (services.need_transition); no admin form edits it.
        ("nominations", "change_trainingneed"),
        # Certificates: templates are edited in the admin; issuing and revoking go
        # through the services (certificates/services.py).
        ("certificates", "add_certificatetemplate"),
        ("certificates", "change_certificatetemplate"),
        ("certificates", "delete_certificatetemplate"),
        ("certificates", "view_certificatetemplate"),
        ("certificates", "view_certificate"),
    ],
    Role.DIRECTOR: [
        ("wagtailadmin", "access_admin"),
        # Their own centre's pages only (localize_admin.py refuses the others).
        ("wagtail_localize", "submit_translation"),
        ("courses", "add_session"),
        ("courses", "change_session"),
        ("courses", "view_session"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("nominations", "view_nomination"),
        ("certificates", "add_certificatetemplate"),
        ("certificates", "change_certificatetemplate"),
        ("certificates", "delete_certificatetemplate"),
        ("certificates", "view_certificatetemplate"),
        ("certificates", "view_certificate"),
    ],
}


# Sent by `services.user_sync_role_groups` with user=; `courses` keeps the centre editor
# groups of directors in step through it.
user_scope_changed = Signal()

HOME_INTRO = (
    "One place for the Bali Process membership to find regional training against people "
    "smuggling and trafficking in persons, ask for the training they need, put their "
    "officials forward, and prove afterwards that an official was trained."
)


def ensure_home_page(sender=None, **kwargs):
    """Replace Wagtail's welcome page with our home page, as the default site's root."""
    from wagtail.models import Page, Site

    from .models import HomePage

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Training Hub", slug="home", intro=_(HOME_INTRO)))
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="Training Hub",
    )


def ensure_role_groups(sender=None, **kwargs):
    """Create the role groups and grant their permissions; running it again changes nothing."""
    # Our post_migrate receiver can run before auth's, so make sure the permissions exist.
    for label in {app for grants in ROLE_PERMISSIONS.values() for app, _codename in grants} | {
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
    ensure_locales()
    ensure_home_page()
    _grant_rso_page_permissions()
    ensure_members_indexed()
    ensure_site_identity()


def ensure_site_identity():
    """The identity's one row, with its defaults, so that no page view has to create it."""
    from .models import SiteIdentity

    if not SiteIdentity.objects.exists():
        SiteIdentity.objects.create()


def ensure_members_indexed():
    """Members arrive by a data migration, which Wagtail's index signals never see: index the
    ones the admin's searches (the member list, the quota form's chooser) cannot find yet."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.index import insert_or_update_object
    from wagtail.search.models import IndexEntry

    from .models import Member

    indexed = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(Member))
    known = {int(pk) for pk in indexed.values_list("object_id", flat=True)}
    for member in Member.objects.exclude(pk__in=known):
        insert_or_update_object(member)


def ensure_locales():
    """A content locale for each language of the interface (wagtail-localize translates
    into them)."""
    from wagtail.models import Locale

    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def _grant_rso_page_permissions():
    """The RSO curates every page below the site root, in every language's tree (directors
    get theirs per centre)."""
    from wagtail.models import Page

    for home in Page.objects.filter(depth=2):
        grant_rso_page_permissions(home)


def grant_rso_page_permissions(home):
    """The RSO's page permissions on one language's home page (and so on its tree)."""
    from wagtail.models import GroupPagePermission

    group = Group.objects.filter(name=ADMIN_GROUPS[Role.RSO]).first()
    if group is None:
        return
    for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)


def home_translated(sender, instance, created, raw=False, **kwargs):
    """A home page for another language (a translation or an alias, made when its first page
    is translated): the RSO curates that tree too."""
    if created and not raw:
        grant_rso_page_permissions(instance)
