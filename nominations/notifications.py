"""E-mails about nominations (filled in by the notifications work)."""


def send_move(nomination_id, old, new, actor_id, reason):
    raise NotImplementedError
