"""The admin's permission policies of certificates and templates: the role groups' model
permissions, narrowed to the records the selectors return."""

from wagtail.permission_policies import ModelPermissionPolicy

from nominations.viewsets.scoped import ScopedPermissionPolicy

from . import selectors
from .models import Certificate, CertificateTemplate


class TemplatePermissionPolicy(ModelPermissionPolicy):
    """A template is seen by who may issue with it and changed by who owns it."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        records = (
            selectors.templates_visible_to(user)
            if action == "view"
            else selectors.templates_editable_by(user)
        )
        return records.filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        if set(actions) - {"view"}:
            return selectors.templates_editable_by(user)
        return selectors.templates_visible_to(user)


TEMPLATE_POLICY = TemplatePermissionPolicy(CertificateTemplate)
CERTIFICATE_POLICY = ScopedPermissionPolicy(
    Certificate, visible=selectors.certificates_managed_by, refused={"add", "change", "delete"}
)
