"""Admin screens of nominations (directors and the RSO) and training needs (the RSO only).

Plain models with ModelViewSets (shared/STYLE.md). Every view reads through the scoped
selectors, so another centre's nomination is a 404 at every URL; no admin form writes them
(no add, edit, copy or delete views): a status changes only through the services, from the
inspect view (one nomination) or the session view (several, `views/admin.py`).

`scoped.py` holds what both share: the permission policy narrowed to a selector, and the
read-only viewset with its listing, inspect and history views.
"""

from .needs import NEED_POLICY, TrainingNeedViewSet
from .nominations import NOMINATION_POLICY, NominationViewSet

__all__ = ["NEED_POLICY", "NOMINATION_POLICY", "NominationViewSet", "TrainingNeedViewSet"]
