"""Filters of the report pages: Vietnamese number formats, list indexing."""

from decimal import Decimal

from django import template

from ..exports import display

register = template.Library()


@register.filter
def index(sequence, position: int):
    try:
        return sequence[position]
    except (IndexError, TypeError, KeyError):
        return None


@register.filter
def figure(value, kind: str = "auto") -> str:
    """A figure as the reports print it ("1.234", "72,73"); "—" when there is none."""
    if kind == "auto":
        numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
        kind = ("int" if value == int(value) else "percent") if numeric else "text"
    elif kind == "int" and isinstance(value, float) and not value.is_integer():
        kind = "number"
    return display(value, kind)
