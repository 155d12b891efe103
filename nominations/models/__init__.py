"""The nominations app's models: officials, training needs and nominations
(`nominations.py`), and donor funding (`funding.py`)."""

from .funding import Allocation, Donor, Earmark, ExchangeRate, Pledge
from .nominations import (
    NAME_MAX,
    PERIOD_INVERTED,
    PHONE_INVALID,
    Nomination,
    Official,
    Reminder,
    TrainingNeed,
    validate_phone,
)

__all__ = [
    "NAME_MAX",
    "PERIOD_INVERTED",
    "PHONE_INVALID",
    "Allocation",
    "Donor",
    "Earmark",
    "ExchangeRate",
    "Nomination",
    "Official",
    "Pledge",
    "Reminder",
    "TrainingNeed",
    "validate_phone",
]
