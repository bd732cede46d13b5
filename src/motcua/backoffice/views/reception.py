"""Counter reception: find the procedure → its case → the checklist, the applicant, fees →
receive (code and appointment at once, receipt to print) or hand over a request to complete the
dossier or a refusal. Works without JavaScript; htmx makes the procedure search live and fills a
known applicant in place."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.models import Role
from motcua.accounts.validators import clean_id_number
from motcua.catalog.models import Case, Fee, ProcedureVersion
from motcua.catalog.search import search_procedures
from motcua.directory.models import Agency
from motcua.documents.registry import FormKind
from motcua.documents.services import available_forms
from motcua.dossiers import services as lifecycle
from motcua.dossiers.models import Applicant, DossierChannel, DossierComponent

from .. import selectors, services
from ..access import official_required, units_for
from ..forms import OUTCOMES, CaseForm, ProcedureSearchForm, ReceptionForm
from ..forms_checklist import SKIP
from .common import collect_uploads, crumbs, render_list, with_uploads


def _desks(user) -> list[Agency]:
    """The one-stop desks where ``user`` receives dossiers."""
    units = units_for(user, {Role.RECEPTION})
    qs = Agency.objects.filter(receives_dossiers=True)
    if units is not None:
        qs = qs.filter(pk__in=units)
    return list(qs.order_by("name")[:50])


@require_GET
@official_required(roles={Role.RECEPTION})
def reception(request):
    form = ProcedureSearchForm(request.GET)
    form.is_valid()
    query = form.cleaned_data.get("q", "")
    results = list(search_procedures(query)[:20]) if query else []
    return render_list(
        request,
        "backoffice/reception_search.html",
        "backoffice/includes/procedure_results.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "breadcrumbs": crumbs((_("Tiếp nhận tại quầy"), None)),
        },
    )


def _version(version_id: int) -> ProcedureVersion:
    return get_object_or_404(
        ProcedureVersion.objects.select_related("procedure"),
        pk=version_id,
        status=ProcedureVersion.Status.PUBLISHED,
    )


@require_GET
@official_required(roles={Role.RECEPTION})
def reception_case(request, version_id: int):
    version = _version(version_id)
    cases = list(version.cases.order_by("sort_order", "id"))
    if len(cases) == 1:
        return redirect("backoffice:reception_form", version.pk, cases[0].pk)
    form = CaseForm(request.GET or None, cases=cases)
    if form.is_bound and form.is_valid():
        return redirect("backoffice:reception_form", version.pk, form.cleaned_data["case"])
    return render(
        request,
        "backoffice/reception_case.html",
        {
            "version": version,
            "form": form,
            "breadcrumbs": crumbs(
                (_("Tiếp nhận tại quầy"), reverse("backoffice:reception")),
                (version.procedure.name, None),
            ),
        },
        status=400 if form.is_bound else 200,
    )


def _requirements(version: ProcedureVersion, case: Case):
    return [
        r for r in version.components.order_by("sort_order", "id") if r.case_id in (None, case.pk)
    ]


@require_http_methods(["GET", "POST"])
@official_required(roles={Role.RECEPTION})
def reception_form(request, version_id: int, case_id: int):
    version = _version(version_id)
    case = get_object_or_404(Case, pk=case_id, version=version)
    requirements = _requirements(version, case)
    agencies = list(version.procedure.agencies.in_force(timezone.localdate()).order_by("name"))
    desks = _desks(request.user)
    if not desks:
        raise PermissionDenied(_("Bạn chưa được phân công tại Bộ phận Một cửa nào."))
    fees = [f for f in Fee.objects.filter(version=version) if f.case_id in (None, case.pk)]
    kept: dict[int, list] = {}
    file_errors: dict[int, list[str]] = {}
    status = 200
    if request.method == "POST":
        if (done := _already_registered(request)) is not None:
            return done
        kept, file_errors = collect_uploads(request, len(requirements))
        form = ReceptionForm(
            _with_known_applicant(request.POST) if "lookup" in request.POST else request.POST,
            requirements=requirements,
            agencies=agencies,
            optional=_optional(requirements),
        )
        if "lookup" not in request.POST:
            status = 400
            if form.is_valid() and not file_errors:
                try:
                    desk = _chosen_desk(request, desks)
                    dossier = _receive(request, form, version, case, desk, requirements, kept)
                except PermissionDenied as exc:
                    form.add_error(None, str(exc))
                    status = 403
                except ValidationError as exc:
                    form.add_error(None, exc.messages)
                else:
                    services.discard(s for files in kept.values() for s in files)
                    return redirect("backoffice:reception_done", dossier.code)
    else:
        form = ReceptionForm(
            requirements=requirements, agencies=agencies, optional=_optional(requirements)
        )
    return render(
        request,
        "backoffice/reception_form.html",
        {
            "version": version,
            "case": case,
            "form": form,
            "rows": with_uploads(form.component_rows(), kept, file_errors),
            "fees": fees,
            "desks": desks,
            "outcomes": OUTCOMES,
            "has_errors": status >= 400,
            "breadcrumbs": crumbs(
                (_("Tiếp nhận tại quầy"), reverse("backoffice:reception")),
                (version.procedure.name, None),
            ),
        },
        status=status,
    )


def _already_registered(request):
    """The page of the dossier this very form already registered (a second click, a resent
    page), or ``None``."""
    token = request.POST.get("form_token", "")
    if not token or "lookup" in request.POST:
        return None
    dossier = services.counter_dossier_for(token)
    if dossier is None:
        return None
    messages.info(
        request,
        _("Hồ sơ này đã được ghi nhận với mã %(code)s; không tạo thêm hồ sơ.")
        % {"code": dossier.code},
    )
    return redirect("backoffice:reception_done", dossier.code)


def _optional(requirements) -> set[int]:
    return {i for i, r in enumerate(requirements) if not r.required}


def _chosen_desk(request, desks: list[Agency]) -> Agency:
    if len(desks) == 1:
        return desks[0]
    wanted = request.POST.get("desk", "")
    chosen = next((d for d in desks if str(d.pk) == wanted), None)
    if chosen is None:
        raise ValidationError(_("Vui lòng chọn nơi tiếp nhận."))
    return chosen


def _receive(request, form, version, case, desk, requirements, kept):
    data = form.cleaned_data
    components = []
    for index, req in enumerate(requirements):
        status = data[f"status_{index}"]
        if status == SKIP:
            continue
        components.append(
            lifecycle.ComponentData(
                name=req.name,
                requirement_id=req.pk,
                form=data[f"form_{index}"],
                quantity=data[f"quantity_{index}"],
                status=status,
                files=services.as_files(kept[index]),
            )
        )
    settling = None
    if data.get("settling_agency"):
        settling = Agency.objects.get(pk=data["settling_agency"])
    submitter = None
    if data["submitter_name"].strip():
        submitter = lifecycle.SubmitterData(
            name=data["submitter_name"],
            id_number=clean_id_number(data["submitter_id_number"]),
            relation=data["submitter_relation"],
        )
    submission = {
        "procedure_version": version,
        "case": case,
        "channel": data["channel"],
        "receiving_agency": desk,
        "settling_agency": settling,
        "applicant": lifecycle.ApplicantData(
            name=data["applicant_name"],
            kind=data["applicant_kind"],
            id_number=data["applicant_id_number"],
            date_of_birth=data["applicant_date_of_birth"],
            address=data["applicant_address"],
            phone=data["applicant_phone"],
            email=data["applicant_email"],
        ),
        "submitter": submitter,
        "components": components,
        "return_method": data["return_method"],
        "delivery_address": data["delivery_address"],
        "note": _postal_note(data),
    }
    payment = None
    if data["fee_method"]:
        payment = lifecycle.PaymentData(
            method=data["fee_method"], receipt_number=data["receipt_number"]
        )
    return services.counter_reception(
        actor=request.user,
        outcome=data["outcome"],
        key=data["form_token"],
        submission=submission,
        collect_fees=payment,
        items=data.get("item_list", []),
        reason=data["reason"],
    )


def _postal_note(data) -> str:
    """The registration's history note for a dossier sent by post: its item number and the day
    it arrived, when the desk recorded them (kept in the site's language, as a paper would be)."""
    if data["channel"] != DossierChannel.POST:
        return ""
    parts = []
    with translation.override(settings.LANGUAGE_CODE):
        if data["postal_item_number"]:
            parts.append(_("Số hiệu bưu gửi: %(number)s") % {"number": data["postal_item_number"]})
        if data["postal_arrived_on"]:
            parts.append(
                _("Ngày bưu gửi đến: %(day)s")
                % {"day": data["postal_arrived_on"].strftime("%d/%m/%Y")}
            )
    return "; ".join(parts)


APPLICANT_FIELDS = ("name", "date_of_birth", "phone", "email", "address")


def _known_applicant(kind: str, number: str) -> Applicant | None:
    """The applicant already known by this ID number (of the chosen kind first)."""
    number = clean_id_number(number)
    if not number:
        return None
    rows = list(Applicant.objects.filter(id_number=number)[:2])
    return next((a for a in rows if a.kind == kind), rows[0] if rows else None)


def _with_known_applicant(data):
    """The posted form with the applicant's details filled from a known applicant."""
    data = data.copy()
    applicant = _known_applicant(
        data.get("applicant_kind", "person"), data.get("applicant_id_number", "")
    )
    if applicant is not None:
        data["applicant_kind"] = applicant.kind
        for name in APPLICANT_FIELDS:
            value = getattr(applicant, name)
            data[f"applicant_{name}"] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


@require_GET
@official_required(roles={Role.RECEPTION})
def applicant_lookup(request):
    """htmx: the applicant fields, filled from the applicant known by this ID number."""
    data = _with_known_applicant(request.GET)
    found = _known_applicant(
        request.GET.get("applicant_kind", "person"), request.GET.get("applicant_id_number", "")
    )
    form = ReceptionForm(initial=data.dict(), requirements=[], agencies=[], optional=set())
    return render(
        request,
        "backoffice/includes/applicant_fields.html",
        {
            "form": form,
            "lookup_done": True,
            "found": found,
        },
    )


@require_GET
@official_required(roles={Role.RECEPTION})
def reception_done(request, code: str):
    """The code and appointment at once, with the paper to hand over ready to print."""
    dossier = (
        selectors.visible_dossiers(request.user)
        .filter(code=code, channel__in=[DossierChannel.COUNTER, DossierChannel.POST])
        .select_related(*selectors.LIST_RELATED)
        .first()
    )
    if dossier is None:
        raise Http404
    kinds = available_forms(dossier)
    paper = next(
        (
            k
            for k in (FormKind.RECEIPT, FormKind.SUPPLEMENT_REQUEST, FormKind.REFUSAL)
            if k in kinds
        ),
        None,
    )
    return render(
        request,
        "backoffice/reception_done.html",
        {
            "dossier": dossier,
            "paper": paper,
            "paper_label": FormKind(paper).label if paper else "",
            "paper_url": reverse("documents:form_download", args=[code, paper, "pdf"])
            if paper
            else "",
            "missing": dossier.components.filter(status=DossierComponent.Status.MISSING),
            "breadcrumbs": crumbs(
                (_("Tiếp nhận tại quầy"), reverse("backoffice:reception")), (code, None)
            ),
        },
    )
