from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .forms import HubUserCreationForm, HubUserEditForm


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin, with the role and its scope on the form."""

    def get_form_class(self, for_update=False):
        return HubUserEditForm if for_update else HubUserCreationForm
