"""``{% payment_box dossier %}``: the fees of a dossier and what the viewer can do about them —
pay online (the owner), record a desk payment or confirm a transfer (officers), download
receipts. Renders nothing for anyone else. ``{{ amount|dong }}``: "8.000 đồng"."""

from django import template
from django.urls import reverse

from motcua.dossiers.permissions import can_view, is_official

from .. import services
from ..models import PaymentStatus
from ..money import dong as format_dong

register = template.Library()


@register.filter
def dong(amount):
    return format_dong(amount)


@register.inclusion_tag("payments/includes/payment_box.html", takes_context=True)
def payment_box(context, dossier):
    request = context.get("request")
    user = getattr(request, "user", None)
    owner = services.owns(user, dossier)
    official = not owner and is_official(user) and can_view(user, dossier)
    if not (owner or official):
        return {"show": False}
    fees = list(dossier.fees.order_by("id"))
    due = [f for f in fees if f.status == "due"]
    succeeded = dossier.payments.filter(status=PaymentStatus.SUCCEEDED).order_by("-succeeded_at")
    return {
        "show": True,
        "dossier": dossier,
        "fees": fees,
        "due_total": services.total(due),
        "receipts": list(succeeded),
        "pay_url": reverse("payments:dossier", kwargs={"code": dossier.code})
        if owner and services.can_pay_online(user, dossier)
        else "",
        "officer_url": reverse("payments:officer_dossier", kwargs={"code": dossier.code})
        if official
        else "",
        "can_record": official and bool(due) and services.can_record_payment(user, dossier),
    }
