from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .models import Session
from .viewsets import LanguageViewSet, SessionPermissionPolicy, SessionViewSet, TopicViewSet

register_permission_policy(Session, SessionPermissionPolicy(Session))

register_snippet(SessionViewSet)
register_snippet(TopicViewSet)
register_snippet(LanguageViewSet)
