"""The hand-typed `Session.funding_status` becomes a computed one.

Until now someone typed "funded" or "partially funded" on a session; from now on the status
is computed from donors' allocations. So that no session loses what was typed, each one
typed as funded or partly funded (whose course has a cost per participant) gets an
allocation from a placeholder pledge of the donor "Funding typed by hand before pledges
were recorded", one pledge per currency: all its seats for "funded", half its cost for
"partially funded" (the typed status said no more than that). The RSO replaces them with
the real donors' pledges (README, "Coordination"). Then every session's status is the
one its allocations and cost give: a session with no cost per participant is funded, as
the course form says ("leave empty when the cost is covered").
"""

from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import get_currency_precision
from django.db import migrations

LEGACY_DONOR = "Funding typed by hand before pledges were recorded"


def _quantize(amount, currency):
    try:
        places = get_currency_precision(currency)
    except Exception:  # noqa: BLE001  (a course's currency was free text)
        places = 2
    return amount.quantize(Decimal(1).scaleb(-min(places, 3)), ROUND_HALF_EVEN)


def _status(needed, covered):
    if needed <= 0 or covered >= needed:
        return "funded"
    return "partial" if covered > 0 else "not_funded"


def forwards(apps, schema_editor):
    Session = apps.get_model("courses", "Session")
    Donor = apps.get_model("nominations", "Donor")
    Pledge = apps.get_model("nominations", "Pledge")
    Allocation = apps.get_model("nominations", "Allocation")
    per_currency = defaultdict(list)
    typed = Session.objects.filter(funding_status__in=["funded", "partial"]).select_related(
        "course"
    )
    for session in typed.order_by("pk"):
        cost = session.course.cost_per_participant
        if not cost or session.status == "cancelled":
            continue
        currency = session.course.currency
        needed = cost * session.capacity
        if session.funding_status == "funded":
            per_currency[currency].append((session, needed, session.capacity, cost))
        else:
            per_currency[currency].append((session, _quantize(needed / 2, currency), None, None))
    if per_currency:
        donor = Donor.objects.create(kind="organisation", name=LEGACY_DONOR)
    for currency, rows in sorted(per_currency.items()):
        days = [session.starts_at.date() for session, *_ in rows]
        pledge = Pledge.objects.create(
            donor=donor,
            title=f"Typed by hand ({currency}): replace with the real pledges",
            amount=sum(covered for _, covered, _, _ in rows),
            currency=currency,
            starts_on=min(days),
            ends_on=max(days),
            note="Made by a data migration from the sessions' hand-typed funding status.",
        )
        for session, covered, participants, cost in rows:
            Allocation.objects.create(
                pledge=pledge,
                session=session,
                participants=participants,
                cost_per_participant=cost,
                amount=covered,
                covered=covered,
                covered_currency=currency,
                note=f"Typed by hand as “{session.funding_status}”",
            )
            Session.objects.filter(pk=session.pk).update(funding_covered=covered)
    for session in Session.objects.select_related("course").order_by("pk"):
        cost = session.course.cost_per_participant or Decimal(0)
        status = _status(cost * session.capacity, session.funding_covered)
        if status != session.funding_status:
            Session.objects.filter(pk=session.pk).update(funding_status=status)


def backwards(apps, schema_editor):
    Donor = apps.get_model("nominations", "Donor")
    Allocation = apps.get_model("nominations", "Allocation")
    Pledge = apps.get_model("nominations", "Pledge")
    legacy = Donor.objects.filter(name=LEGACY_DONOR, kind="organisation")
    Allocation.objects.filter(pledge__donor__in=legacy).delete()
    Pledge.objects.filter(donor__in=legacy).delete()
    legacy.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_funding"),
        ("nominations", "0004_funding"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
