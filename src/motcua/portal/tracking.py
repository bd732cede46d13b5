"""Public look-up of a dossier by its code (/tra-cuu/?ma=…): status, agencies and dates, no
personal data (PL3-17, anonymous level). Rate-limited per client address against guessing
codes; the receipt's QR code points here."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from motcua.dossiers.models import Dossier

from .forms import TrackingForm

# Only what the public may know; never the applicant, the form, the files or the history notes.
PUBLIC_FIELDS = (
    "code",
    "state",
    "national_status",
    "submitted_at",
    "received_at",
    "due_at",
    "finished_at",
    "returned_at",
    "closed_at",
    "return_method",
    "procedure_version__procedure__name",
    "procedure_version__procedure__national_code",
    "receiving_agency__name",
    "receiving_agency__address",
    "receiving_agency__phone",
    "settling_agency__name",
    "rule_version_id",
)


def find_public(code: str) -> Dossier | None:
    return (
        Dossier.objects.filter(code=code)
        .select_related("procedure_version__procedure", "receiving_agency", "settling_agency")
        .only(*PUBLIC_FIELDS)
        .first()
    )


@require_GET
def tracking(request):
    form = TrackingForm(request.GET or None)
    dossier = None
    limited = False
    status = 200
    if form.is_bound:
        limited = is_ratelimited(
            request,
            group="portal.tracking",
            key="ip",
            rate=settings.MOTCUA_RATE_TRACKING,
            increment=True,
        )
        if limited:
            status = 429
        elif form.is_valid():
            dossier = find_public(form.cleaned_data["ma"])
            if dossier is None:
                form.add_error(
                    "ma",
                    _(
                        "Không tìm thấy hồ sơ có mã “%(code)s”. Vui lòng kiểm tra lại mã in trên "
                        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả."
                    )
                    % {"code": form.cleaned_data["ma"]},
                )
                status = 404
        else:
            status = 400
    response = render(
        request,
        "portal/tracking.html",
        {"form": form, "dossier": dossier, "limited": limited},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response
