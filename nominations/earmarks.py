"""Whether a pledge's earmarks let it fund a session or a training need: the one rule that
the allocation service enforces and the matching page uses to offer pledges.

Earmarks of one kind are alternatives, kinds combine: a pledge earmarked for Protection
and Prevention, and for Indonesia, funds Indonesia's needs on either theme. A pledge
without earmarks funds anything. A member earmark reserves the money for that member's
needs, so it never funds a whole session (whose seats go to many members).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from courses.choices import Theme

NOT_THEME = _("earmarked for %(wanted)s, not %(got)s")
NOT_MEMBER = _("earmarked for %(wanted)s")
NOT_CENTRE = _("earmarked for courses of %(wanted)s")
NOT_CURRICULUM = _("earmarked for %(wanted)s")
CENTRE_UNKNOWN = _("earmarked for courses of %(wanted)s: link the need to one of them first")


@dataclass(frozen=True)
class Target:
    """What the earmarks are checked against. `member_id` is None for a session; `centre_id`
    None for a need that is not matched yet."""

    theme: str
    member_id: int | None = None
    centre_id: int | None = None
    curriculum_ids: frozenset = field(default_factory=frozenset)
    is_need: bool = False


def target_of_session(session, curriculum_ids):
    return Target(
        theme=session.course.theme,
        centre_id=session.course.centre_id,
        curriculum_ids=frozenset(curriculum_ids),
    )


def target_of_need(need, curriculum_ids):
    course = need.priced_by
    return Target(
        theme=need.theme,
        member_id=need.member_id,
        centre_id=course.centre_id if course is not None else None,
        curriculum_ids=frozenset(curriculum_ids),
        is_need=True,
    )


@dataclass(frozen=True)
class EarmarkRow:
    """An earmark read as plain values (a page reads the earmarks of every pledge)."""

    theme: str
    member_id: int | None
    centre_id: int | None
    curriculum_id: int | None
    name: str

    @property
    def kind(self):
        if self.theme:
            return "theme"
        if self.member_id:
            return "member"
        return "centre" if self.centre_id else "curriculum"

    def __str__(self):
        return str(Theme(self.theme).label) if self.theme else self.name


def _names(earmarks):
    return ", ".join(sorted(str(earmark) for earmark in earmarks))


def by_kind(earmarks):
    """{kind: [earmark]} of one pledge's earmarks (read once, checked against many needs)."""
    kinds = {}
    for earmark in earmarks:
        kinds.setdefault(earmark.kind, []).append(earmark)
    return kinds


def fits(kinds, target):
    """Whether earmarks grouped by `by_kind` allow funding `target` (`misfits` says why
    not, in words; this only answers, for the many pledges a page checks)."""
    themes = kinds.get("theme")
    if themes and target.theme not in {e.theme for e in themes}:
        return False
    members = kinds.get("member")
    if members and target.member_id not in {e.member_id for e in members}:
        return False
    centres = kinds.get("centre")
    if centres and target.centre_id not in {e.centre_id for e in centres}:
        return False
    curricula = kinds.get("curriculum")
    return not (curricula and not target.curriculum_ids & {e.curriculum_id for e in curricula})


def misfits(earmarks, target, *, kinds=None):
    """Why `earmarks` (of one pledge) do not allow funding `target`, in plain words; an
    empty list when they do. `kinds` is `by_kind(earmarks)`, when already made."""
    grouped = kinds if kinds is not None else by_kind(earmarks)
    reasons = []
    themes = grouped.get("theme", [])
    if themes and target.theme not in {e.theme for e in themes}:
        reasons.append(NOT_THEME % {"wanted": _names(themes), "got": Theme(target.theme).label})
    members = grouped.get("member", [])
    if members and target.member_id not in {e.member_id for e in members}:
        reasons.append(NOT_MEMBER % {"wanted": _names(members)})
    centres = grouped.get("centre", [])
    if centres and target.centre_id not in {e.centre_id for e in centres}:
        message = CENTRE_UNKNOWN if target.centre_id is None else NOT_CENTRE
        reasons.append(message % {"wanted": _names(centres)})
    curricula = grouped.get("curriculum", [])
    if curricula and not target.curriculum_ids & {e.curriculum_id for e in curricula}:
        reasons.append(NOT_CURRICULUM % {"wanted": _names(curricula)})
    return reasons
