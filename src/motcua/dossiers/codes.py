"""Dossier code allocation: ``<desk identifier>-YYMMDD-NNNN`` (format from the rule version).

One counter row per desk and day. The increment is a single ``INSERT … ON CONFLICT DO UPDATE
… RETURNING`` statement (PostgreSQL, and SQLite ≥ 3.35): the row stays locked until the
caller's transaction ends, so concurrent receptions queue on it and get consecutive numbers, and
a rolled-back reception gives its number back. SQLite additionally serialises writers (IMMEDIATE
transactions). Past 9,999 in a day ``{seq:04d}`` simply widens to five digits; codes stay unique.
"""

import datetime as dt

from motcua.core import counters

from .models import DossierCodeCounter, RuleVersion
from .models.rules import format_dossier_code
from .rules import local_date


def next_sequence(agency_id: int, day: dt.date) -> int:
    """Increment and return the desk's counter for ``day``. Call inside the dossier's
    transaction."""
    return counters.increment(DossierCodeCounter, agency_id=agency_id, day=day)


def allocate_code(*, agency, moment: dt.datetime, rule_version: RuleVersion) -> str:
    """Allocate the next dossier code of ``agency`` for the local day of ``moment``."""
    day = local_date(moment)
    seq = next_sequence(agency.pk, day)
    return format_dossier_code(rule_version.code_format, agency=agency.code, day=day, seq=seq)
