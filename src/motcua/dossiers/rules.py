"""Which lifecycle rules apply at a moment (effective-dated law, see ADR 0005)."""

import datetime as dt

from django.utils import timezone

from . import rule_data
from .models import RuleVersion


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar day of ``moment`` in Asia/Ho_Chi_Minh (the project's time zone)."""
    return timezone.localtime(moment).date()


def rules_for(moment: dt.datetime) -> RuleVersion:
    """The rule version in force on the local day of ``moment``.

    Moments before the first version (historic imports) get the earliest version. An empty
    table (a flushed database) is filled with the default versions first.
    """
    day = local_date(moment)
    if not RuleVersion.objects.exists():
        rule_data.seed(RuleVersion)
    version = RuleVersion.objects.in_force(day).order_by("-valid_from").first()
    if version is None:
        version = RuleVersion.objects.order_by("valid_from").first()
    return version
