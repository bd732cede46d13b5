"""Back-office pages of the archive, under ``/mot-cua/luu-tru/``: the list (filters, search,
export), one record (download, verify, destroy), batch archiving. Officials see only the
archive of their units (``selectors.archive_units``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from motcua.backoffice.access import official_required
from motcua.backoffice.views.common import crumbs, paginate
from motcua.directory.models import Agency
from motcua.dossiers.permissions import scope_of
from motcua.dossiers.states import State
from motcua.ops.exports import safe_cell
from motcua.reports import exports

from . import selectors, services
from .forms import BatchForm, DestroyForm, FilterForm
from .models import ArchiveRecord

ROLES = selectors.ARCHIVE_ROLES


def _crumbs(*trail):
    return crumbs((_("Lưu trữ hồ sơ"), reverse("archive:list")), *trail)


def _batch_agencies(user) -> list[tuple[int, str]]:
    """Agencies the user may archive in a batch: those of their archive memberships (each
    covers the units below it); every agency for administrators of the province."""
    if selectors.archive_units(user) is None:
        return list(Agency.objects.order_by("name").values_list("pk", "name"))
    ids = {agency for role, agency, _below in scope_of(user).memberships if role in ROLES}
    return list(Agency.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name"))


def _filtered(request):
    form = FilterForm(request.GET, choices=selectors.filter_choices(request.user))
    today = timezone.localdate()
    return form, selectors.archive_list(request.user, form.filters(), today), today


@require_GET
@official_required(roles=ROLES)
def archive_list(request):
    form, records, today = _filtered(request)
    page, page_range = paginate(request, records)
    due_count = selectors.due_for_disposal(selectors.visible_records(request.user), today).count()
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "archive/list.html",
        {
            "form": form,
            "page": page,
            "page_range": page_range,
            "today": today,
            "due_count": due_count,
            "export_query": params.urlencode(),
            "batch_form": BatchForm(agencies=_batch_agencies(request.user)),
            "breadcrumbs": crumbs((_("Lưu trữ hồ sơ"), None)),
        },
    )


@require_GET
@official_required(roles=ROLES)
def archive_export(request):
    _form, records, today = _filtered(request)
    columns = [
        exports.Col(_("Mã lưu trữ"), 14),
        exports.Col(_("Mã số hồ sơ"), 14),
        exports.Col(_("Chủ hồ sơ"), 14),
        exports.Col(_("Thủ tục"), 20),
        exports.Col(_("Lĩnh vực"), 10),
        exports.Col(_("Cơ quan lưu trữ"), 12),
        exports.Col(_("Kết thúc ngày"), 7),
        exports.Col(_("Thời hạn bảo quản"), 7),
        exports.Col(_("Đến hạn xem xét hủy"), 7),
        exports.Col(_("Số tệp"), 4, "int"),
        exports.Col(_("Mã băm SHA-256 của gói"), 30),
        exports.Col(_("Tình trạng"), 10),
    ]
    rows = [
        [
            safe_cell(value)
            for value in (
                r.code,
                r.dossier_code,
                r.applicant_name,
                f"{r.procedure_code} — {r.procedure_name}",
                r.field_name,
                r.agency.name,
                r.closed_on.strftime("%d/%m/%Y"),
                r.retention_label,
                r.disposal_due_on.strftime("%d/%m/%Y") if r.disposal_due_on else "",
                r.file_count,
                r.package_sha256,
                _status_label(r, today),
            )
        ]
        for r in records.iterator(chunk_size=1000)
    ]
    report = exports.Report(
        title=_("Danh sách hồ sơ lưu trữ"),
        subtitle=_("Trích xuất ngày %(day)s") % {"day": today.strftime("%d/%m/%Y")},
        filename=f"luu-tru-ho-so-{today:%Y%m%d}",
        agency=None,
        sheets=[exports.Sheet(_("Hồ sơ lưu trữ"), columns, rows)],
    )
    response = HttpResponse(exports.xlsx(report), content_type=exports.CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{report.filename}.xlsx"'
    return response


def _status_label(record: ArchiveRecord, today) -> str:
    if record.destroyed:
        return pgettext("lưu trữ", "Đã hủy")
    if record.due_for_disposal(today):
        return _("Đến hạn xem xét hủy")
    return _("Đang trong thời hạn bảo quản")


def _record(request, code: str) -> ArchiveRecord:
    record = selectors.visible_records(request.user).filter(code=code).first()
    if record is None:
        raise Http404(_("Không tìm thấy hồ sơ lưu trữ."))
    return record


def _detail(request, record: ArchiveRecord, *, destroy_form=None, status: int = 200):
    today = timezone.localdate()
    return render(
        request,
        "archive/detail.html",
        {
            "record": record,
            "outcome_label": State(record.outcome).label,
            "status_label": _status_label(record, today),
            "due": record.due_for_disposal(today),
            "may_destroy": selectors.may_destroy(request.user),
            "destroy_form": destroy_form or DestroyForm(),
            "breadcrumbs": _crumbs((record.code, None)),
        },
        status=status,
    )


@require_GET
@official_required(roles=ROLES)
def record_detail(request, code: str):
    return _detail(request, _record(request, code))


@require_GET
@official_required(roles=ROLES)
def record_download(request, code: str):
    record = _record(request, code)
    try:
        stream = services.open_package(record, actor=request.user)
    except (ValidationError, FileNotFoundError, OSError):
        raise Http404(_("Gói lưu trữ không còn.")) from None
    response = FileResponse(
        stream, content_type="application/zip", as_attachment=True, filename=f"{record.code}.zip"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@official_required(roles=ROLES)
def record_verify(request, code: str):
    record = _record(request, code)
    try:
        outcome = services.verify(record, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("archive:detail", code=code)
    if outcome.ok:
        messages.success(
            request,
            _("Gói lưu trữ nguyên vẹn: mã băm của gói và của %(count)d tệp đều khớp.")
            % {"count": outcome.checked_files},
        )
    else:
        messages.error(
            request,
            _("Phát hiện sai lệch trong gói lưu trữ: %(problems)s")
            % {"problems": " ".join(outcome.problems)},
        )
    return redirect("archive:detail", code=code)


@require_POST
@official_required(roles=ROLES)
def record_destroy(request, code: str):
    record = _record(request, code)
    if not selectors.may_destroy(request.user):
        raise PermissionDenied(_("Chỉ quản trị hệ thống tỉnh được hủy gói lưu trữ."))
    form = DestroyForm(request.POST)
    if not form.is_valid():
        return _detail(request, record, destroy_form=form, status=400)
    try:
        services.destroy(record, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        record.refresh_from_db()
        return _detail(request, record, destroy_form=form, status=409)
    messages.success(request, _("Đã hủy gói lưu trữ; thông tin hồ sơ lưu trữ vẫn được giữ."))
    return redirect("archive:detail", code=code)


@require_POST
@official_required(roles=ROLES)
def batch(request):
    form = BatchForm(request.POST, agencies=_batch_agencies(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("archive:list")
    agency = Agency.objects.get(pk=form.cleaned_data["agency"])
    try:
        result = services.archive_batch(agency, form.cleaned_data["until"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("archive:list")
    messages.success(
        request,
        _("Đã lưu trữ %(count)d hồ sơ của %(agency)s.")
        % {"count": len(result.archived), "agency": agency.name},
    )
    if result.failed:
        messages.error(
            request,
            _("Chưa lưu trữ được: %(list)s")
            % {"list": "; ".join(f"{code} ({reason})" for code, reason in result.failed)},
        )
    return redirect("archive:list")
