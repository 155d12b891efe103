"""Registers the nominations in the admin and the portal; defines nothing itself."""

from wagtail import hooks

from .services import LOG_ACTIONS


@hooks.register("register_log_actions")
def register_nomination_log_actions(actions):
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action, label, label)
