"""Template helpers of the compliance report."""

from django import template

from motcua.compliance.assessment import MET, NOT_MET, PARTLY_MET

register = template.Library()

_BADGES = {MET: "badge--full", PARTLY_MET: "badge--partial", NOT_MET: "badge--overdue"}
_OUTCOME_BADGES = {"passed": "badge--full", "failed": "badge--overdue", "error": "badge--overdue"}


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key, "")


@register.filter
def status_badge(status: str) -> str:
    """The badge modifier class for a criterion status (the label text carries the meaning)."""
    return _BADGES.get(status, "")


@register.filter
def outcome_badge(outcome: str) -> str:
    return _OUTCOME_BADGES.get(outcome, "badge--overdue" if outcome == "xfailed" else "")
