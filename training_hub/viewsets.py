"""Wagtail's user admin, with the role and its scope on the form, saving through the
services; and which pages the admin's side doors (choosers, bulk actions) may show."""

from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import ChosenMultipleView as PageChosenMultipleView
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as SnippetDeleteBulkAction
from wagtail.users.views import users as user_views
from wagtail.users.views.bulk_actions.assign_role import AssignRoleBulkAction
from wagtail.users.views.bulk_actions.set_active_state import SetActiveStateBulkAction
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from . import services
from .forms import HubUserCreationForm, HubUserEditForm
from .models import Member


class ServiceSaveMixin:
    """Hands the form the requesting user, and saves through a service whose refusals on
    the input come back as form errors."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class UserCreateView(ServiceSaveMixin, user_views.CreateView):
    def save_instance(self):
        return services.user_create(actor=self.request.user, **self.form.service_kwargs())


class UserEditView(ServiceSaveMixin, user_views.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # The whole page, not only the save: the form would show and take a new password.
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied

    def save_instance(self):
        kwargs = self.form.service_kwargs()
        user = services.user_update(actor=self.request.user, user=self.object, **kwargs)
        if user == self.request.user and kwargs["password"]:
            # Changing one's own password would otherwise sign one out.
            update_session_auth_hash(self.request, user)
        return user


class SuperuserAssignRoleBulkAction(AssignRoleBulkAction):
    """Adding people to any group is for superusers; the RSO sets roles on the user form."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedSetActiveStateBulkAction(SetActiveStateBulkAction):
    """Only a superuser may (de)activate a superuser."""

    def check_perm(self, obj):
        if obj.is_superuser and not self.request.user.is_superuser:
            return False
        return super().check_perm(obj)


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin, with the role and its scope on the form."""

    add_view_class = UserCreateView
    edit_view_class = UserEditView

    def get_form_class(self, for_update=False):
        return HubUserEditForm if for_update else HubUserCreationForm


# --- pages ------------------------------------------------------------------------------

# Any of these on a page (given through a group) makes it one the user works on.
PAGE_ACTIONS = {"add", "change", "publish", "lock", "unlock", "bulk_delete"}


def pages_user_may_change(user):
    """Pages in the sections where `user` holds a page permission (every page for a superuser)."""
    return PagePermissionPolicy().instances_user_has_any_permission_for(user, PAGE_ACTIONS)


def pages_user_may_choose(user):
    """What the page chooser may show `user`.

    Pages of their own sections (drafts included) and the ancestors leading to them; any
    other page only if it is live and its draft does not rename it, so that the chooser,
    which shows the draft title, never shows a title that is not public yet.
    """
    if user.is_superuser:
        return Page.objects.all()
    pages = pages_user_may_change(user) | Page.objects.filter(live=True, draft_title=F("title"))
    for permission in PagePermissionPolicy().get_cached_permissions_for_user(user):
        pages |= Page.objects.ancestor_of(permission.page)
    return pages


class ScopedPageChosenMultipleView(PageChosenMultipleView):
    """The page chooser's answer for several ids, for the pages the chooser may show only.

    Wagtail's view has no hook: it must be routed in front of Wagtail's admin URLs (see
    `scoped_page_chosen_multiple`).
    """

    def get(self, request):
        ids = [value for value in request.GET.getlist("id") if value.isdigit()]
        allowed = pages_user_may_choose(request.user).filter(pk__in=ids)
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in allowed.values_list("pk", flat=True)])
        return super().get(request)


# Routed in training_hub/urls.py, before Wagtail's admin URLs.
scoped_page_chosen_multiple = require_admin_access(ScopedPageChosenMultipleView.as_view())


def _pks(ids):
    return [getattr(value, "pk", value) for value in ids]


class ScopedBulkActionMixin:
    """A bulk action that answers only for the objects `in_scope()` returns.

    Wagtail lists the objects one may not act on by name; for another centre's pages or
    sessions that would show their (draft) titles, so such a request is answered as if the
    objects did not exist, and "select all" selects only what is in scope.
    """

    def in_scope(self):
        raise NotImplementedError

    def get_queryset(self, model, object_ids):
        objects = super().get_queryset(model, object_ids)
        pks = {obj.pk for obj in objects}
        if pks - set(self.in_scope().filter(pk__in=pks).values_list("pk", flat=True)):
            raise Http404
        return objects

    def get_all_objects_in_listing_query(self, parent_id):
        pks = _pks(super().get_all_objects_in_listing_query(parent_id))
        return self.in_scope().filter(pk__in=pks).values_list("pk", flat=True)


class OnlyPagesUserMayChange(ScopedBulkActionMixin):
    """A page bulk action for pages of the user's own sections only."""

    def in_scope(self):
        return pages_user_may_change(self.request.user)


SCOPED_PAGE_BULK_ACTIONS = [
    type(f"Scoped{action.__name__}", (OnlyPagesUserMayChange, action), {})
    for action in (DeleteBulkAction, MoveBulkAction, PublishBulkAction, UnpublishBulkAction)
]


# --- snippets ---------------------------------------------------------------------------


class PermissionCheckedSnippetDeleteBulkAction(SnippetDeleteBulkAction):
    """Wagtail's snippet bulk delete, refused outright to a user without the model's delete
    permission (Wagtail would show them a confirmation page listing the records)."""

    models = [Member]

    def dispatch(self, request, *args, **kwargs):
        meta = self.model._meta
        if not request.user.has_perm(f"{meta.app_label}.delete_{meta.model_name}"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
