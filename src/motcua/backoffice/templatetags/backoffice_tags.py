"""``{% portal_nav %}`` (the portal header's menu), ``{% backoffice_nav %}`` (the back office's
menu) — both in the province's order (``motcua.backoffice.navigation``) — and the due and
status badges of the back office's lists."""

from django import template

from motcua.backoffice.models import Face
from motcua.backoffice.navigation import menu
from motcua.catalog.models import ComponentRequirement

register = template.Library()


@register.inclusion_tag("backoffice/includes/portal_nav.html", takes_context=True)
def portal_nav(context):
    request = context.get("request")
    return {"groups": menu(Face.PORTAL, request) if request is not None else []}


@register.inclusion_tag("backoffice/includes/backoffice_nav.html", takes_context=True)
def backoffice_nav(context):
    request = context.get("request")
    return {"groups": menu(Face.BACKOFFICE, request) if request is not None else []}


@register.inclusion_tag("backoffice/includes/due_badge.html")
def due_badge(due, moments, active=True):
    """The due moment, marked overdue or due soon (only while the clock runs: ``active``)."""
    return {"due": due, "timing": moments.timing(due) if active else ""}


@register.inclusion_tag("backoffice/includes/status_badge.html")
def status_badge(dossier):
    return {"dossier": dossier}


@register.filter
def component_form(value: str) -> str:
    """The label of a component's form (original, copy…) as the catalogue names it."""
    return dict(ComponentRequirement.Form.choices).get(value, value)
