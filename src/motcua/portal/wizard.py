"""The online submission wizard: procedure → case and desk → e-form → components → result
delivery → review → submit. Server-rendered, usable without JavaScript; with it, htmx saves the
draft on every change. Only for deployments that file on this portal
(``MOTCUA_PORTAL_FILING_ENABLED``); the national portal is the legal online channel otherwise.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.acting import acting_organisation
from motcua.catalog.models import Fee, Procedure
from motcua.dossiers.exceptions import ConflictError

from . import eforms, intake, services
from .forms import CaseForm, DeliveryForm, ReviewForm
from .models import Submission
from .views import NATIONAL_PORTAL_PROCEDURE_URL

STEPS = [
    ("truong-hop", gettext_lazy("Trường hợp, nơi nộp")),
    ("to-khai", gettext_lazy("Tờ khai")),
    ("giay-to", gettext_lazy("Giấy tờ kèm theo")),
    ("nhan-ket-qua", gettext_lazy("Nhận kết quả")),
    ("kiem-tra", gettext_lazy("Kiểm tra và nộp")),
]
SLUGS = [slug for slug, _label in STEPS]


def _filing_off(request, procedure: Procedure | None = None):
    return render(
        request,
        "portal/submit/disabled.html",
        {
            "procedure": procedure,
            "national_url": (
                NATIONAL_PORTAL_PROCEDURE_URL.format(code=procedure.national_code)
                if procedure
                else "https://dichvucong.gov.vn/"
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request, national_code: str):
    """What the procedure needs, drafts to resume, and "start" (POST creates a draft)."""
    procedure = get_object_or_404(Procedure, national_code=national_code, is_active=True)
    if not settings.MOTCUA_PORTAL_FILING_ENABLED:
        return _filing_off(request, procedure)
    version = services.fileable_version(procedure)
    if version is None:
        raise Http404(_("Thủ tục này không nộp hồ sơ trực tuyến."))
    organisation = acting_organisation(request)
    if not request.user.can_file:
        return render(request, "portal/submit/cannot_file.html", {"procedure": procedure})
    if request.method == "POST":
        submission = services.start(user=request.user, version=version, organisation=organisation)
        return redirect("portal:submit_step", key=submission.key, step=SLUGS[0])
    requirements = list(version.components.select_related("case"))
    return render(
        request,
        "portal/submit/start.html",
        {
            "procedure": procedure,
            "version": version,
            "organisation": organisation,
            "requirements": requirements,
            "fees": list(version.fees.select_related("case")),
            "drafts": services.drafts_of(request.user, organisation).filter(
                procedure_version=version
            ),
            "max_mb": services.max_upload_mb(),
        },
    )


def _draft(request, key) -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related(
            "procedure_version__procedure", "case", "receiving_agency", "settling_agency"
        ),
        key=key,
        owner=request.user,  # another account's draft is a 404, not a 403
    )
    return submission


@login_required
@require_http_methods(["GET", "POST"])
def step(request, key, step: str):
    if step not in SLUGS:
        raise Http404
    submission = _draft(request, key)
    if not submission.is_draft:
        # Submitted already (a second click, the back button, another tab): one dossier.
        return redirect("portal:submit_done", key=submission.key)
    if not settings.MOTCUA_PORTAL_FILING_ENABLED:
        return _filing_off(request, submission.procedure_version.procedure)
    handler = {
        "truong-hop": _case_step,
        "to-khai": _form_step,
        "giay-to": _components_step,
        "nhan-ket-qua": _delivery_step,
        "kiem-tra": _review_step,
    }[step]
    try:
        return handler(request, submission)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("portal:my_dossiers")


def _render(request, submission: Submission, step: str, template: str, context: dict, **kw):
    index = SLUGS.index(step)
    reached = SLUGS.index(submission.step) if submission.step in SLUGS else 0
    context = {
        "submission": submission,
        "procedure": submission.procedure_version.procedure,
        "steps": [
            {
                "slug": slug,
                "label": label,
                "number": n + 1,
                "current": slug == step,
                "done": n < index,
                "reachable": n <= max(reached, index),
            }
            for n, (slug, label) in enumerate(STEPS)
        ],
        "step_number": index + 1,
        "step_count": len(STEPS),
        "step_label": STEPS[index][1],
        "previous": SLUGS[index - 1] if index else "",
        **context,
    }
    return render(request, template, context, **kw)


def _go(submission: Submission, step: str):
    return redirect("portal:submit_step", key=submission.key, step=step)


def _after(request, submission: Submission, step: str):
    """Where the buttons of a step lead: on, back, or stay (the draft is saved in each case)."""
    action = request.POST.get("action", "next")
    index = SLUGS.index(step)
    if action == "back" and index:
        return _go(submission, SLUGS[index - 1])
    if action == "save":
        messages.success(
            request, _("Đã lưu bản nháp. Bạn có thể quay lại làm tiếp bất cứ lúc nào.")
        )
        return _go(submission, step)
    services.reach(submission, SLUGS[index + 1], SLUGS)
    return _go(submission, SLUGS[index + 1])


# --- 1. case, competent authority, desk -------------------------------------------------------


def _case_step(request, submission: Submission):
    version = submission.procedure_version
    competent = intake.competent_agencies(version)
    form = CaseForm(
        request.POST or None,
        cases=list(version.cases.all()),
        agencies=competent,
        desks=list(intake.desks()),
        initial={
            "case": submission.case_id,
            "settling_agency": submission.settling_agency_id,
            "receiving_agency": submission.receiving_agency_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        settling = data.get("settling_agency") or (competent[0] if len(competent) == 1 else None)
        desk = data.get("receiving_agency") or intake.default_desk(settling)
        try:
            services.choose_case(
                submission,
                user=request.user,
                case=data["case"],
                settling_agency=settling,
                receiving_agency=desk,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _after(request, submission, "truong-hop")
    return _render(request, submission, "truong-hop", "portal/submit/case.html", {"form": form})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- 2. e-form --------------------------------------------------------------------------------


def _form_step(request, submission: Submission):
    version = submission.procedure_version
    schema, layout = eforms.form_of(version)
    errors: dict[str, str] = {}
    extra_rows: dict[str, int] = {}
    data = submission.form_data
    if request.method == "POST":
        submitted = eforms.parse(schema, request.POST)
        data = submitted.data
        services.save_form(submission, user=request.user, data=data)
        if request.htmx and request.GET.get("autosave"):
            return _autosaved(request)
        if submitted.add_row or submitted.remove_row:
            extra_rows = eforms.row_counts(submitted)
        elif request.POST.get("action") in ("next", None):
            errors = eforms.validate(schema, layout, data)
            if not errors:
                return _after(request, submission, "to-khai")
        else:
            return _after(request, submission, "to-khai")
    prefilled = _prefill_sources(request, submission, schema, layout)
    root = eforms.build(schema, layout, data, errors, prefilled=prefilled, extra_rows=extra_rows)
    return _render(
        request,
        submission,
        "to-khai",
        "portal/submit/form.html",
        {"root": root, "errors": eforms.errors_in_order(root), "prefilled": bool(prefilled)},
        status=400 if errors else 200,
    )


def _prefill_sources(request, submission: Submission, schema, layout) -> dict[str, str]:
    """Which answers came from the account or an earlier dossier and are still unchanged."""
    found = eforms.prefill(
        schema,
        layout,
        eforms.profile_values(request.user, submission.organisation),
        services.previous_form_data(request.user, submission.organisation),
    )
    return {
        key: source
        for key, source in found.sources.items()
        if eforms.value_at(found.data, key) == eforms.value_at(submission.form_data, key)
    }


def _autosaved(request):
    text = _("Đã tự động lưu bản nháp lúc %(time)s.") % {
        "time": timezone.localtime().strftime("%H:%M")
    }
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


# --- 3. components ----------------------------------------------------------------------------


def _components_step(request, submission: Submission):
    if submission.case_id is None:
        messages.warning(request, _("Vui lòng chọn trường hợp trước."))
        return _go(submission, SLUGS[0])
    requirements = services.requirements(submission)
    errors: dict[int, list[str]] = {}
    if request.method == "POST":
        if request.POST.get("remove", "").isdigit():
            services.remove_file(submission, user=request.user, file_id=int(request.POST["remove"]))
            messages.success(request, _("Đã bỏ tệp khỏi hồ sơ."))
            return _go(submission, "giay-to")
        added = 0
        for requirement in requirements:
            try:
                added += _attach(request, submission, requirement)
            except _Refused as refused:
                added += refused.added
                errors[requirement.pk] = refused.messages
        action = request.POST.get("action", "next")
        if errors:
            if added:
                messages.success(request, _("Đã đính kèm %(n)d tệp.") % {"n": added})
        elif action == "attach":
            if added:
                messages.success(request, _("Đã đính kèm %(n)d tệp.") % {"n": added})
            return _go(submission, "giay-to")
        elif action == "next" and services.missing_components(submission):
            for requirement in services.missing_components(submission):
                errors[requirement.pk] = [_("Vui lòng đính kèm giấy tờ này.")]
        else:
            return _after(request, submission, "giay-to")
    declaration = services.declaration_name(submission)
    attached: dict[int, list] = {}
    for row in submission.files.select_related("document", "result"):
        attached.setdefault(row.requirement_id, []).append(row)
    store = list(services.documents_of(request.user, submission.organisation)[:200])
    results = list(services.results_of(request.user, submission.organisation)[:100])
    items = [
        {
            "requirement": r,
            "files": attached.get(r.pk, []),
            "needs_upload": services.needs_upload(r, declaration),
            "is_declaration": r.name == declaration,
            "errors": errors.get(r.pk, []),
            "full": len(attached.get(r.pk, [])) >= r.max_files,
        }
        for r in requirements
    ]
    return _render(
        request,
        submission,
        "giay-to",
        "portal/submit/components.html",
        {
            "items": items,
            "store": store,
            "results": results,
            "error_items": [i for i in items if i["errors"]],
            "max_mb": services.max_upload_mb(),
            "types": services.ALLOWED_LABEL,
            "accept": services.ACCEPT,
        },
        status=400 if errors else 200,
    )


class _Refused(Exception):
    def __init__(self, messages_: list[str], added: int):
        self.messages = messages_
        self.added = added


def _attach(request, submission: Submission, requirement) -> int:
    uploads = request.FILES.getlist(f"upload-{requirement.pk}")
    chosen = request.POST.getlist(f"reuse-{requirement.pk}")
    documents = [int(v[4:]) for v in chosen if v.startswith("doc:") and v[4:].isdigit()]
    results = [int(v[7:]) for v in chosen if v.startswith("result:") and v[7:].isdigit()]
    added = 0
    refused: list[str] = []
    if uploads:
        outcome = services.attach_uploads(
            submission, user=request.user, requirement=requirement, uploads=uploads
        )
        added += len(outcome.added)
        refused += outcome.errors
    if documents or results:
        try:
            added += len(
                services.reuse(
                    submission,
                    user=request.user,
                    requirement=requirement,
                    documents=documents,
                    results=results,
                )
            )
        except ValidationError as exc:
            refused += exc.messages
    if refused:
        raise _Refused(refused, added)
    return added


# --- 4. result delivery -----------------------------------------------------------------------


def _delivery_step(request, submission: Submission):
    form = DeliveryForm(
        request.POST or None,
        initial={
            "return_method": submission.return_method,
            "delivery_address": submission.delivery_address,
        },
    )
    autosave = request.method == "POST" and request.htmx and request.GET.get("autosave")
    if autosave:
        if form.is_valid():
            try:
                services.save_delivery(
                    submission,
                    user=request.user,
                    method=form.cleaned_data["return_method"],
                    address=form.cleaned_data["delivery_address"],
                )
            except ValidationError:
                return HttpResponse(status=204)
            return _autosaved(request)
        return HttpResponse(status=204)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_delivery(
                submission,
                user=request.user,
                method=form.cleaned_data["return_method"],
                address=form.cleaned_data["delivery_address"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _after(request, submission, "nhan-ket-qua")
    return _render(
        request,
        submission,
        "nhan-ket-qua",
        "portal/submit/delivery.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# --- 5. review and submit ---------------------------------------------------------------------


def _review_step(request, submission: Submission):
    form = ReviewForm(request.POST or None)
    problems = services.problems(submission)
    if request.method == "POST":
        if request.POST.get("action") == "back":
            return _go(submission, SLUGS[-2])
        if form.is_valid() and not problems:
            try:
                services.submit(submission, user=request.user)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            except ConflictError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("portal:submit_done", key=submission.key)
    schema, layout = eforms.form_of(submission.procedure_version)
    return _render(
        request,
        submission,
        "kiem-tra",
        "portal/submit/review.html",
        {
            "form": form,
            "problems": problems,
            "root": eforms.build(schema, layout, submission.form_data),
            "items": _attached_by_requirement(submission),
            "fees": _fees(submission),
        },
        status=400 if form.errors else 200,
    )


def _attached_by_requirement(submission: Submission) -> list[dict]:
    files = list(submission.files.select_related("document", "result"))
    return [
        {"requirement": r, "files": [f for f in files if f.requirement_id == r.pk]}
        for r in services.requirements(submission)
    ]


def _fees(submission: Submission) -> list[dict]:
    """Amounts as they will be charged for an online dossier (the online rate if any)."""
    fees = Fee.objects.filter(version=submission.procedure_version).order_by("id")
    return [
        {
            "fee": fee,
            "amount": fee.amount_online if fee.amount_online is not None else fee.amount,
        }
        for fee in fees
        if fee.case_id in (None, submission.case_id)
    ]


@login_required
def done(request, key):
    """What happens next: the code, the desk, when it decides on reception, how to follow."""
    submission = _draft(request, key)
    if submission.is_draft:
        return _go(submission, submission.step or SLUGS[0])
    dossier = submission.dossier
    return render(
        request,
        "portal/submit/done.html",
        {
            "submission": submission,
            "dossier": dossier,
            "desk": dossier.receiving_agency,
            "tracking_url": reverse("portal:tracking") + f"?ma={dossier.code}",
        },
    )


@login_required
@require_POST
def discard(request, key):
    submission = _draft(request, key)
    if submission.is_draft:
        services.discard(submission, user=request.user)
        messages.success(request, _("Đã xóa hồ sơ nháp."))
    return redirect("portal:my_dossiers")
