"""Download official forms and signed results, verify a signed PDF, edit letterheads."""

from __future__ import annotations

from urllib.parse import urlencode

from csp.constants import SELF
from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from motcua.directory.models import Agency
from motcua.dossiers.models import Dossier, DossierResult
from motcua.dossiers.permissions import can_view, scope_of

from . import rendering, services
from .forms import LetterheadForm, VerifyForm
from .registry import FormKind
from .verification import verify_pdf


def _file_response(rendered: services.RenderedFile, *, inline: bool) -> HttpResponse:
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{rendered.filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _visible_dossier(request, code: str) -> Dossier:
    dossier = (
        Dossier.objects.filter(code=code)
        .select_related(
            "receiving_agency", "settling_agency", "procedure_version__procedure", "case"
        )
        .first()
    )
    # 404 also when not allowed: a dossier's existence is not disclosed to others.
    if dossier is None or not can_view(request.user, dossier):
        raise Http404
    return dossier


def _error(request, message: str, status: int = 400):
    return render(request, "documents/error.html", {"message": message}, status=status)


@login_required
def form_download(request, code: str, kind: str, fmt: str, pk: int | None = None):
    """One official form of a dossier as PDF or DOCX; ``?ky=1`` signs the PDF with the
    configured key (officials of the issuing agency only)."""
    if kind not in FormKind.values or kind == FormKind.TRACKING_BOOK:
        raise Http404
    if fmt not in rendering.CONTENT_TYPES:
        raise Http404
    dossier = _visible_dossier(request, code)
    extra = {}
    if pk is not None:
        extra = {"supplement_id": pk} if kind == FormKind.SUPPLEMENT_REQUEST else {}
        extra = {"extension_id": pk} if kind == FormKind.APOLOGY else extra
        if not extra:
            raise Http404
    try:
        document = services.build_form(dossier, kind, **extra)
        if request.GET.get("ky") == "1":
            if fmt != rendering.PDF:
                return _error(request, _("Chỉ ký số được tệp PDF."))
            if not services.works_at_issuing_agency(request.user, dossier, kind):
                raise PermissionDenied(_("Chỉ cán bộ của cơ quan ban hành được ký số biểu mẫu."))
            rendered = services.sign_document(
                document, actor=request.user, position=request.user.title
            )
        else:
            rendered = services.render_document(document, fmt)
    except ValidationError as exc:
        return _error(request, " ".join(exc.messages))
    return _file_response(rendered, inline=fmt == rendering.PDF)


@login_required
def tracking_book_download(request, agency_code: str, year: int, fmt: str):
    agency = get_object_or_404(Agency, code=agency_code)
    scope = scope_of(request.user)
    allowed = request.user.is_superuser or scope.is_province_admin
    if not (allowed or agency.pk in scope.agency_ids) or fmt not in rendering.CONTENT_TYPES:
        raise Http404
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404
    document = services.build_tracking_book(agency, year)
    return _file_response(services.render_document(document, fmt), inline=fmt == rendering.PDF)


@login_required
def result_download(request, pk: int):
    """A dossier's result file (the signed electronic result) for whoever may see the dossier:
    the applicant's account and the officials in scope."""
    result = get_object_or_404(DossierResult.objects.select_related("dossier"), pk=pk)
    if not result.file or not can_view(request.user, result.dossier):
        raise Http404
    with result.file.open("rb") as handle:
        content = handle.read()
    name = result.file.name.rsplit("/", 1)[-1]
    is_pdf = content[:5] == b"%PDF-"
    rendered = services.RenderedFile(
        content, name, "application/pdf" if is_pdf else "application/octet-stream"
    )
    return _file_response(rendered, inline=is_pdf)


@require_http_methods(["GET", "POST"])
def verify(request):
    """Public page: upload a signed PDF, get a report in Vietnamese. Nothing is stored."""
    report = error = None
    limited = False
    form = VerifyForm()
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        limited = is_ratelimited(
            request,
            group="documents.verify",
            key="ip",
            rate=settings.MOTCUA_RATE_VERIFY,
            method="POST",
            increment=True,
        )
        if limited:
            error = _("Bạn đã kiểm tra quá nhiều tệp trong thời gian ngắn. Vui lòng thử lại sau.")
        elif form.is_valid():
            try:
                pdf = services.read_pdf_upload(form.cleaned_data["file"])
                report = verify_pdf(pdf)
            except ValidationError as exc:
                error = " ".join(exc.messages)
        else:
            error = _("Vui lòng chọn tệp PDF cần kiểm tra.")
    status = 429 if limited else 400 if error else 200
    return render(
        request,
        "documents/verify.html",
        {
            "form": form,
            "report": report,
            "error": error,
            "max_mb": settings.MOTCUA_VERIFY_MAX_BYTES // (1024 * 1024),
        },
        status=status,
    )


# --- letterheads ----------------------------------------------------------------------------


@login_required
def letterhead_list(request):
    agencies = services.editable_agencies(request.user).select_related("letterhead")
    if not agencies.exists():
        raise PermissionDenied(_("Bạn không có quyền quản lý tiêu đề biểu mẫu."))
    return render(request, "documents/letterhead_list.html", {"agencies": agencies[:500]})


def _editable_agency(request, agency_code: str) -> Agency:
    agency = get_object_or_404(Agency, code=agency_code)
    if not services.can_edit_letterhead(request.user, agency):
        raise PermissionDenied(_("Bạn không có quyền sửa tiêu đề biểu mẫu của cơ quan này."))
    return agency


@login_required
@require_http_methods(["GET", "POST"])
def letterhead_edit(request, agency_code: str):
    """Edit form with a live preview: the preview is the real PDF of the letterhead as typed
    (htmx refreshes it while typing; without JavaScript the "Xem trước" button does)."""
    agency = _editable_agency(request, agency_code)
    if request.method == "POST":
        form = LetterheadForm(request.POST)
        values = {name: request.POST.get(name, "") for name in services.LETTERHEAD_FIELDS}
        if request.POST.get("action") == "save" and form.is_valid():
            try:
                services.save_letterhead(agency, actor=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                for name, field_errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, field_errors)
            else:
                messages.success(request, _("Đã lưu tiêu đề biểu mẫu."))
                return redirect("documents:letterhead_edit", agency_code=agency.code)
    else:
        values = services.letterhead_values(agency)
        form = LetterheadForm(initial=values)
    context = {
        "agency": agency,
        "form": form,
        "preview_url": _preview_url(agency, values),
    }
    template = (
        "documents/letterhead_preview.html" if request.htmx else "documents/letterhead_edit.html"
    )
    return render(request, template, context)


def _preview_url(agency: Agency, values: dict) -> str:
    query = QueryDict(mutable=True)
    query.update({k: v for k, v in values.items() if v})
    base = reverse("documents:letterhead_preview", kwargs={"agency_code": agency.code})
    return f"{base}?{urlencode(query)}" if query else base


@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def letterhead_preview(request, agency_code: str):
    """The PDF of a sample paper with the letterhead given in the query string (unsaved).
    The only page our own pages frame (the editor's live preview); all others forbid it."""
    agency = _editable_agency(request, agency_code)
    typed = {name: request.GET.get(name, "")[:500] for name in services.LETTERHEAD_FIELDS}
    return _file_response(services.letterhead_preview(agency, typed), inline=True)
