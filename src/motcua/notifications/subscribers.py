"""Tell applicants what happens to their dossiers (PL3-5): one notification per event that
the citizen should know of, to the owner's account or, for a dossier without one (counter, post),
to the contacts given on the dossier."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone, translation
from django.utils.dateparse import parse_datetime

from motcua.core.events import Event, subscribe

from .services import Contact, notify

logger = logging.getLogger(__name__)

# Lifecycle event → notification kind. Internal steps (assignment, consultation, signing…)
# are not the citizen's business; status changes and requests addressed to them are.
KIND_FOR_EVENT = {
    "dossier.submitted": "dossier.submitted",
    "dossier.received": "dossier.received",
    "dossier.supplement_requested": "dossier.supplement_requested",
    "dossier.not_received": "dossier.not_received",
    "dossier.payment_requested": "dossier.awaiting_payment",
    "dossier.extended": "dossier.extended",
    "dossier.finished": "dossier.finished",
    "dossier.refused": "dossier.refused",
    "dossier.returned": "dossier.returned",
    "dossier.stopped": "dossier.stopped",
    "dossier.withdrawn": "dossier.withdrawn",
}


def tracking_url(code: str) -> str:
    """The public page for this dossier: the portal's tracking page (URL name
    ``portal:tracking``, ``?ma=<code>``) once it exists, the portal's home page until then."""
    try:
        path = reverse("portal:tracking") + f"?ma={code}"
    except NoReverseMatch:
        path = reverse("portal:home")
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + path


def _when(value: dt.datetime | str | None) -> str:
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is None:
        return ""
    return dateformat.format(timezone.localtime(value), "H:i d/m/Y")


def _recipient(dossier):
    if dossier.owner_id is not None and dossier.owner.is_active:
        return dossier.owner
    if dossier.applicant_email or dossier.applicant_phone:
        return Contact(
            name=dossier.applicant_name,
            email=dossier.applicant_email,
            phone=dossier.applicant_phone,
        )
    return None


def _context(kind: str, event: Event, dossier) -> dict[str, str]:
    context = {
        "dossier_code": dossier.code,
        "procedure_name": dossier.procedure_version.procedure.name,
        "receiving_agency": dossier.receiving_agency.name,
        "status": str(dossier.get_national_status_display()),
        "due_date": _when(dossier.due_at),
        "tracking_url": tracking_url(dossier.code),
        "reason": dossier.closing_note,
        "return_method": str(dossier.get_return_method_display()),
    }
    payload = event.payload
    if kind in ("dossier.supplement_requested", "dossier.intake_fix_requested"):
        request = dossier.supplements.order_by("-requested_at", "-pk").first()
        items = payload.get("items") or (request.items if request else [])
        context["items"] = "\n".join(f"- {item}" for item in items)
        context["reason"] = request.reason if request else ""
        context["deadline"] = _when(payload.get("deadline"))
    if kind == "dossier.extended":
        extension = dossier.extensions.order_by("-at", "-pk").first()
        context["apology"] = extension.apology_text if extension else ""
        context["reason"] = extension.reason if extension else ""
        context["old_due_date"] = _when(payload.get("old_due_at"))
        context["new_due_date"] = _when(payload.get("new_due_at"))
    if kind == "dossier.awaiting_payment":
        fees = dossier.fees.filter(pk__in=payload.get("fee_ids", []))
        context["details"] = "\n".join(
            f"- {fee.name}: {f'{fee.amount:,.0f}'.replace(',', '.')} đồng" for fee in fees
        )
    return context


def tell_applicant(event: Event) -> None:
    from motcua.dossiers.models import Dossier, DossierChannel
    from motcua.dossiers.states import State

    kind = KIND_FOR_EVENT[event.name]
    dossier = (
        Dossier.objects.select_related("owner", "procedure_version__procedure", "receiving_agency")
        .filter(pk=event["dossier_id"])
        .first()
    )
    if dossier is None:
        return
    if kind == "dossier.submitted" and dossier.channel not in DossierChannel.online():
        return  # at the counter, reception follows at once and says it all
    if kind == "dossier.supplement_requested" and event.payload.get("state") == (
        State.INTAKE_FIX_REQUESTED
    ):
        kind = "dossier.intake_fix_requested"
    target = _recipient(dossier)
    if target is None:
        logger.info("Dossier %s: no account or contact to tell about %s", dossier.code, kind)
        return
    language = getattr(target, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = _context(kind, event, dossier)
    notify(target, kind, context, related=dossier)


for _name in KIND_FOR_EVENT:
    subscribe(_name)(tell_applicant)
