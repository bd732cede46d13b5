"""One builder per official form: a dossier (plus what the form is about, e.g. the supplement
request) in, a ``content.Document`` out. Wording follows TT 01/2018/TT-VPCP Phụ lục and, for
TT 03/2025/TT-VPCP, the same fields plus what NĐ 118/2025 requires (regs.md §2.3,
current-law.md §3); field lists not seen in the official text are marked in ADR 0006.

Builders only read. Official papers are Vietnamese documents; strings are wrapped for the
catalogue but rendered under ``translation.override("vi")`` by ``services``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import ComponentRequirement, TimeUnit
from motcua.dossiers.models import (
    Dossier,
    DossierComponent,
    DossierFee,
    Extension,
    HistoryEntry,
    ReturnMethod,
    SupplementRequest,
    Task,
)
from motcua.dossiers.states import Action, State, StopReason

from . import formats
from .content import (
    Column,
    Document,
    Field,
    Header,
    Items,
    Paragraph,
    QRCode,
    Signature,
    Signatures,
    Table,
)
from .qr import tracking_url
from .registry import FormSpec

SIGN_AND_NAME = "(Ký và ghi rõ họ tên)"


@dataclass(frozen=True)
class LetterheadData:
    """The printed parts of an agency's letterhead (a saved ``Letterhead`` or a default)."""

    superior_name: str
    issuer_name: str
    place_name: str
    document_symbol: str = ""
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    seal_text: str = ""
    contact_text: str = ""

    def header(self, on: dt.datetime, number: str = "") -> Header:
        return Header(
            superior=self.superior_name.upper(),
            issuer=self.issuer_name.upper(),
            place_date=formats.place_and_date(self.place_name, on),
            number=number,
        )

    def leader_signature(self) -> Signature:
        return Signature(
            authority=self.signer_authority.upper(),
            title=self.signer_title.upper(),
            note=self.seal_text,
            name=self.signer_name,
            digital=True,
        )


def _document(spec: FormSpec, letterhead: LetterheadData, on, filename: str, **kw) -> Document:
    return Document(
        form_set=spec.form_set,
        form_number=spec.number,
        title=spec.title,
        header=letterhead.header(on, kw.pop("number", "")),
        page_size=spec.page_size,
        orientation=spec.orientation,
        filename=filename,
        **kw,
    )


def _filename(spec: FormSpec, dossier: Dossier, suffix: str = "") -> str:
    return f"mau-{spec.number}-{spec.kind}-{dossier.code}{suffix}"


# --- shared pieces --------------------------------------------------------------------------


def procedure_name(dossier: Dossier) -> str:
    return dossier.procedure_version.procedure.name


def applicant_fields(dossier: Dossier, lead: str) -> list:
    blocks = [Field(lead, dossier.applicant_name)]
    if dossier.submitter_name:
        relation = f" ({dossier.submitter_relation})" if dossier.submitter_relation else ""
        blocks.append(Field(_("Người nộp thay"), dossier.submitter_name + relation))
    blocks.append(Field(_("Địa chỉ"), dossier.applicant_address or "…"))
    contact = dossier.applicant_phone or dossier.submitter_phone or "…"
    blocks.append(Field(_("Số điện thoại"), contact))
    if dossier.applicant_email:
        blocks.append(Field(_("Thư điện tử"), dossier.applicant_email))
    blocks.append(Field(_("Nội dung yêu cầu giải quyết"), procedure_name(dossier)))
    return blocks


def time_limit_text(dossier: Dossier) -> str:
    case = dossier.case
    if case.time_limit is None:
        return case.time_limit_note or _("Trả kết quả ngay trong ngày")
    unit = TimeUnit(case.time_unit).label
    return f"{formats.quantity(case.time_limit)} {unit}"


def component_form_label(value: str) -> str:
    return ComponentRequirement.Form(value).label if value in ComponentRequirement.Form else value


def actor_of(dossier: Dossier, *actions: str) -> HistoryEntry | None:
    """The latest history entry of one of ``actions`` (who received, who refused, …)."""
    return dossier.history.filter(action__in=actions).order_by("-seq").first()


def person_name(user) -> str:
    return (user.full_name or user.get_full_name() or user.username) if user else ""


def timeliness(finished: dt.datetime | None, due: dt.datetime | None) -> str:
    """Early / on time / late as the control sheet prints it: late is after the due moment;
    early is finished on a day before the due day (Asia/Ho_Chi_Minh)."""
    if finished is None or due is None:
        return ""
    if finished > due:
        return _("Quá hạn")
    if timezone.localtime(finished).date() < timezone.localtime(due).date():
        return _("Trước hạn")
    return _("Đúng hạn")


def book_position(dossier: Dossier) -> tuple[int, int] | None:
    """(book = year, entry number) of the dossier in its desk's tracking book: entries are
    numbered from 1 through the year in reception order (TT 01/2018 Điều 10)."""
    if dossier.received_at is None:
        return None
    year = timezone.localtime(dossier.received_at).year
    start, _end = _year_bounds(year)
    earlier = Dossier.objects.filter(
        Q(received_at__lt=dossier.received_at)
        | Q(received_at=dossier.received_at, pk__lt=dossier.pk),
        receiving_agency_id=dossier.receiving_agency_id,
        received_at__gte=start,
    )
    return year, earlier.count() + 1


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime(year, 1, 1, tzinfo=tz),
        dt.datetime(year + 1, 1, 1, tzinfo=tz),
    )


# --- Mẫu 01: receipt and appointment ------------------------------------------------------


def receipt(spec: FormSpec, dossier: Dossier, letterhead: LetterheadData, on) -> Document:
    received = dossier.received_at or on
    doc = _document(spec, letterhead, received, _filename(spec, dossier))
    doc.subtitle = _("Mã hồ sơ: %(code)s") % {"code": dossier.code}
    components = [
        c for c in dossier.components.all() if c.status != DossierComponent.Status.MISSING
    ]
    rows = tuple(
        (
            str(i),
            c.name,
            component_form_label(c.form),
            formats.quantity(c.quantity),
        )
        for i, c in enumerate(components, start=1)
    )
    receiver = actor_of(dossier, Action.RECEIVE)
    submitter = dossier.submitter_name or dossier.applicant_name
    doc.blocks += [
        Paragraph(
            _("%(desk)s tiếp nhận hồ sơ của:") % {"desk": letterhead.issuer_name},
        ),
        *applicant_fields(dossier, _("Ông/bà, tổ chức")),
        Paragraph(_("1. Thành phần hồ sơ nộp gồm:")),
        Table(
            columns=(
                Column(_("TT"), 6, "center"),
                Column(_("Tên giấy tờ"), 60),
                Column(_("Hình thức"), 22, "center"),
                Column(_("Số lượng"), 12, "center"),
            ),
            rows=rows,
            empty_text=_("Hồ sơ điện tử, không có giấy tờ kèm theo"),
        ),
        Field(_("2. Số lượng hồ sơ"), _("01 bộ")),
        Field(_("3. Thời gian giải quyết hồ sơ theo quy định"), time_limit_text(dossier)),
        Field(_("4. Thời gian nhận hồ sơ"), formats.time_and_date(dossier.received_at)),
        Field(
            _("5. Thời gian trả kết quả giải quyết hồ sơ"),
            formats.time_and_date(dossier.due_at) or _("Trả kết quả ngay"),
        ),
        Field(_("6. Nơi nhận kết quả"), return_place(dossier, letterhead)),
    ]
    fees = list(dossier.fees.all())
    if fees:
        doc.blocks.append(Field(_("7. Phí, lệ phí"), fees_text(fees)))
    position = book_position(dossier)
    if position:
        doc.blocks.append(
            Paragraph(
                _("Vào Sổ theo dõi hồ sơ, Quyển số: %(book)s, Số thứ tự: %(entry)s")
                % {"book": position[0], "entry": formats.quantity(position[1])},
                "italic",
            )
        )
    doc.blocks += [
        Signatures(
            signatures=(
                Signature(_("NGƯỜI NỘP HỒ SƠ"), note=SIGN_AND_NAME, name=submitter),
                Signature(
                    _("NGƯỜI TIẾP NHẬN HỒ SƠ"),
                    note=SIGN_AND_NAME,
                    name=receiver.actor_name if receiver else "",
                    digital=True,
                ),
            )
        ),
        QRCode(
            url=tracking_url(dossier.code),
            caption=_("Quét mã để tra cứu tình trạng giải quyết hồ sơ:"),
        ),
        Paragraph(
            _(
                "Ghi chú: Giấy tiếp nhận được lập thành 02 liên: 01 liên lưu kèm Phiếu kiểm soát "
                "quá trình giải quyết hồ sơ tại Bộ phận Một cửa, 01 liên giao người nộp hồ sơ. "
                "Kết quả được nhận tại Bộ phận Một cửa, qua dịch vụ bưu chính hoặc dưới dạng "
                "điện tử."
            ),
            "note",
        ),
    ]
    if letterhead.contact_text:
        doc.blocks.append(Paragraph(letterhead.contact_text, "note"))
    return doc


def return_place(dossier: Dossier, letterhead: LetterheadData) -> str:
    if dossier.return_method == ReturnMethod.POST:
        return _("Qua dịch vụ bưu chính, tại địa chỉ: %(address)s") % {
            "address": dossier.delivery_address or dossier.applicant_address
        }
    if dossier.return_method == ReturnMethod.ONLINE:
        return _("Nhận kết quả điện tử trên Cổng Dịch vụ công")
    return _("Tại %(desk)s") % {"desk": letterhead.issuer_name}


def fees_text(fees: list[DossierFee]) -> str:
    parts = []
    for fee in fees:
        parts.append(f"{fee.name}: {formats.money(fee.amount)} ({fee.get_status_display()})")
    return "; ".join(parts)


# --- Mẫu 02: supplement request ------------------------------------------------------------


def supplement_request(
    spec: FormSpec,
    dossier: Dossier,
    letterhead: LetterheadData,
    on,
    request: SupplementRequest,
) -> Document:
    doc = _document(
        spec, letterhead, request.requested_at, _filename(spec, dossier, f"-{request.pk}")
    )
    doc.subtitle = _("Mã hồ sơ: %(code)s") % {"code": dossier.code}
    guide = person_name(request.requested_by)
    doc.blocks += [
        *applicant_fields(dossier, _("Hồ sơ của")),
        Field(_("Ngày nộp hồ sơ"), formats.short_date(dossier.received_at or dossier.submitted_at)),
        Items(
            _("Sau khi xem xét, hồ sơ cần bổ sung, hoàn thiện các nội dung sau:"),
            tuple(f"{i}. {item}" for i, item in enumerate(request.items, start=1)),
        ),
        Field(_("Lý do"), request.reason),
    ]
    if request.deadline:
        doc.blocks.append(
            Field(_("Thời hạn bổ sung, hoàn thiện"), formats.time_and_date(request.deadline))
        )
    doc.blocks.append(
        Paragraph(
            _(
                "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà, tổ chức liên hệ "
                "%(desk)s để được hướng dẫn. Việc hướng dẫn được thực hiện một lần, đầy đủ."
            )
            % {"desk": letterhead.issuer_name}
        )
    )
    doc.blocks.append(
        Signatures(
            signatures=(
                Signature(_("NGƯỜI HƯỚNG DẪN"), note=SIGN_AND_NAME, name=guide, digital=True),
            )
        )
    )
    if letterhead.contact_text:
        doc.blocks.append(Paragraph(letterhead.contact_text, "note"))
    return doc


# --- Mẫu 03: refusal -------------------------------------------------------------------------


def refusal(
    spec: FormSpec, dossier: Dossier, letterhead: LetterheadData, on, reason: str = ""
) -> Document:
    entry = actor_of(dossier, Action.REFUSE_RECEPTION, Action.REFUSE_AFTER_APPRAISAL)
    when = entry.at if entry else on
    doc = _document(spec, letterhead, when, _filename(spec, dossier))
    doc.subtitle = _("Mã hồ sơ: %(code)s") % {"code": dossier.code}
    after_appraisal = entry is not None and entry.action == Action.REFUSE_AFTER_APPRAISAL
    reason = reason or dossier.closing_note or (entry.note if entry else "")
    doc.blocks += [
        Paragraph(
            _("%(issuer)s tiếp nhận hồ sơ của:") % {"issuer": letterhead.issuer_name},
        ),
        *applicant_fields(dossier, _("Ông/bà, tổ chức")),
        Paragraph(
            _(
                "Sau khi thẩm định, hồ sơ không đủ điều kiện giải quyết. Cơ quan có thẩm quyền "
                "từ chối giải quyết hồ sơ với lý do sau:"
            )
            if after_appraisal
            else _(
                "Căn cứ quy định hiện hành, cơ quan tiếp nhận từ chối tiếp nhận, giải quyết hồ "
                "sơ này với lý do sau:"
            )
        ),
        Paragraph(reason or "…", "indent"),
        Paragraph(_("Xin thông báo để ông/bà, tổ chức được biết và thực hiện.")),
        Signatures(
            signatures=(
                Signature(
                    _("NGƯỜI TIẾP NHẬN HỒ SƠ"),
                    note=SIGN_AND_NAME,
                    name=entry.actor_name if entry else "",
                    digital=True,
                ),
            )
        ),
    ]
    return doc


# --- Mẫu 04: apology and new appointment -------------------------------------------------------


def apology(
    spec: FormSpec, dossier: Dossier, letterhead: LetterheadData, on, extension: Extension
) -> Document:
    symbol = letterhead.document_symbol
    number = _("Số: …/%(symbol)s") % {"symbol": symbol} if symbol else ""
    doc = _document(
        spec,
        letterhead,
        extension.at,
        _filename(spec, dossier, f"-{extension.pk}"),
        number=number,
    )
    desk = dossier.receiving_agency.name
    doc.blocks += [
        Field(_("Kính gửi"), dossier.applicant_name),
        Field(_("Địa chỉ"), dossier.applicant_address or "…"),
        Field(_("Số điện thoại"), dossier.applicant_phone or "…"),
        Paragraph(
            _(
                "Ngày %(received)s, %(desk)s tiếp nhận hồ sơ đề nghị giải quyết thủ tục "
                "“%(procedure)s”, mã số hồ sơ %(code)s. Thời gian hẹn trả kết quả giải quyết "
                "hồ sơ: %(old_due)s."
            )
            % {
                "received": formats.short_date(dossier.received_at),
                "desk": desk,
                "procedure": procedure_name(dossier),
                "code": dossier.code,
                "old_due": formats.time_and_date(extension.old_due_at),
            },
            "indent",
        ),
        Paragraph(
            _(
                "Tuy nhiên đến nay, %(agency)s chưa trả kết quả giải quyết hồ sơ đúng hẹn. "
                "Lý do: %(reason)s"
            )
            % {"agency": letterhead.issuer_name, "reason": extension.reason},
            "indent",
        ),
        Paragraph(extension.apology_text, "indent"),
        Paragraph(
            _(
                "%(agency)s xin lỗi ông/bà, tổ chức và đề nghị gia hạn thời gian giải quyết; "
                "thời gian trả kết quả mới là: %(new_due)s."
            )
            % {
                "agency": letterhead.issuer_name,
                "new_due": formats.time_and_date(extension.new_due_at),
            },
            "indent",
        ),
        Paragraph(_("Mong nhận được sự thông cảm của ông/bà, tổ chức."), "indent"),
        Signatures(
            recipients=(
                _("- Như trên;"),
                f"- {desk};",
                _("- Lưu: VT."),
            ),
            signatures=(letterhead.leader_signature(),),
        ),
    ]
    return doc


# --- Mẫu 05 (TT 03/2025): stop notice ---------------------------------------------------------


def stop_notice(spec: FormSpec, dossier: Dossier, letterhead: LetterheadData, on) -> Document:
    entry = actor_of(
        dossier, Action.STOP, Action.STOP_AT_APPLICANT_REQUEST, Action.CLOSE_MISSING_SUPPLEMENT
    )
    when = dossier.closed_at or (entry.at if entry else on)
    symbol = letterhead.document_symbol
    number = _("Số: …/TB-%(symbol)s") % {"symbol": symbol} if symbol else ""
    doc = _document(spec, letterhead, when, _filename(spec, dossier), number=number)
    desk = dossier.receiving_agency.name
    stage = State(entry.state_before).label if entry and entry.state_before else ""
    reason = {
        StopReason.APPLICANT_REQUEST: _(
            "Ông/bà, tổ chức đề nghị dừng giải quyết hồ sơ (Điều 21 Nghị định số 118/2025/NĐ-CP)."
        ),
        StopReason.MISSING_SUPPLEMENT: _(
            "Quá thời hạn bổ sung, hoàn thiện hồ sơ mà ông/bà, tổ chức chưa bổ sung, hoàn "
            "thiện hồ sơ theo yêu cầu."
        ),
        StopReason.AUTHORITY: _("Theo quyết định của cơ quan có thẩm quyền."),
    }.get(dossier.stop_reason, "")
    paid = [f for f in dossier.fees.all() if f.status == DossierFee.Status.PAID]
    doc.blocks += [
        Field(_("Kính gửi"), dossier.applicant_name),
        Field(_("Địa chỉ"), dossier.applicant_address or "…"),
        Paragraph(
            _(
                "Ngày %(received)s, %(desk)s tiếp nhận hồ sơ đề nghị giải quyết thủ tục "
                "“%(procedure)s”, mã số hồ sơ %(code)s."
            )
            % {
                "received": formats.short_date(dossier.received_at),
                "desk": desk,
                "procedure": procedure_name(dossier),
                "code": dossier.code,
            },
            "indent",
        ),
        Paragraph(
            _("%(agency)s thông báo dừng giải quyết hồ sơ nêu trên kể từ %(when)s.")
            % {"agency": letterhead.issuer_name, "when": formats.time_and_date(when)},
            "indent",
        ),
        Field(_("Lý do"), " ".join(p for p in (reason, dossier.closing_note) if p)),
    ]
    if stage:
        doc.blocks.append(Field(_("Giai đoạn giải quyết khi dừng"), stage))
    doc.blocks.append(
        Paragraph(
            _(
                "Giấy tờ đã nộp (bản chính, nếu có) được trả lại tại %(desk)s. %(fees)s Việc "
                "hoàn trả phí, lệ phí (nếu có) thực hiện theo quy định của pháp luật chuyên ngành."
            )
            % {
                "desk": desk,
                "fees": _("Phí, lệ phí đã nộp: %(fees)s.") % {"fees": fees_text(paid)}
                if paid
                else _("Ông/bà, tổ chức chưa nộp phí, lệ phí."),
            },
            "indent",
        )
    )
    doc.blocks.append(
        Signatures(
            recipients=(_("- Như trên;"), f"- {desk};", _("- Lưu: VT.")),
            signatures=(letterhead.leader_signature(),),
        )
    )
    return doc


# --- Mẫu 05/06: control sheet --------------------------------------------------------------


def control_sheet(spec: FormSpec, dossier: Dossier, letterhead: LetterheadData, on) -> Document:
    doc = _document(spec, letterhead, dossier.received_at or on, _filename(spec, dossier))
    doc.subtitle = _("Mã hồ sơ: %(code)s") % {"code": dossier.code}
    receiver = actor_of(dossier, Action.RECEIVE)
    doc.blocks += [
        Field(_("Kèm theo hồ sơ của"), dossier.applicant_name),
        Field(_("Số điện thoại"), dossier.applicant_phone or "…"),
        Field(_("Nội dung yêu cầu giải quyết"), procedure_name(dossier)),
        Field(_("Ngày tiếp nhận"), formats.time_and_date(dossier.received_at)),
        Field(_("Ngày hẹn trả kết quả"), formats.time_and_date(dossier.due_at)),
        Table(
            columns=(
                Column(_("TÊN CƠ QUAN"), 30),
                Column(_("THỜI GIAN GIAO, NHẬN HỒ SƠ"), 35),
                Column(_("KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)"), 18, "center"),
                Column(_("GHI CHÚ"), 17),
            ),
            rows=tuple(control_rows(dossier, receiver)),
            empty_text=_("Hồ sơ chưa được chuyển xử lý"),
        ),
    ]
    return doc


def control_rows(dossier: Dossier, receiver: HistoryEntry | None):
    """One row per hand-over: desk → first unit, unit → unit, last unit → desk, desk → applicant."""
    desk = dossier.receiving_agency.name
    holder_unit, holder_name = desk, receiver.actor_name if receiver else ""
    tasks = [
        t
        for t in dossier.tasks.select_related("agency", "assignee", "parent").order_by(
            "started_at", "order", "id"
        )
        if t.started_at is not None and t.status != Task.Status.CANCELLED
    ]
    for i, task in enumerate(tasks, start=1):
        giver_unit, giver_name = holder_unit, holder_name
        if task.parent_id:
            giver_unit = task.parent.agency.name
            giver_name = person_name(task.parent.assignee)
        yield (
            _("%(n)s. Giao: %(giver)s\nNhận: %(receiver)s")
            % {"n": i, "giver": giver_unit, "receiver": task.agency.name},
            _("Giao: %(when)s\nNgười giao: %(giver)s\nNgười nhận: %(receiver)s")
            % {
                "when": formats.time_and_date(task.started_at),
                "giver": giver_name,
                "receiver": person_name(task.assignee),
            },
            timeliness(task.finished_at, task.due_at) or _("Đang xử lý"),
            task.get_kind_display() + ": " + task.name,
        )
        if not task.parent_id:
            holder_unit, holder_name = task.agency.name, person_name(task.assignee)
    if dossier.finished_at and tasks:
        yield (
            _("%(n)s. Giao: %(giver)s\nNhận: %(desk)s")
            % {"n": len(tasks) + 1, "giver": holder_unit, "desk": desk},
            _("Giao: %(when)s\nNgười giao: %(giver)s")
            % {"when": formats.time_and_date(dossier.finished_at), "giver": holder_name},
            timeliness(dossier.finished_at, dossier.due_at),
            _("Chuyển kết quả về Bộ phận Một cửa"),
        )
    if dossier.returned_at:
        yield (
            _("Trả kết quả: %(desk)s") % {"desk": desk},
            formats.time_and_date(dossier.returned_at),
            timeliness(dossier.returned_at, dossier.due_at),
            _("Trả kết quả cho cá nhân, tổ chức"),
        )


# --- Mẫu 06/07: tracking book ----------------------------------------------------------------


def tracking_book(spec: FormSpec, agency, year: int, letterhead: LetterheadData, on) -> Document:
    start, end = _year_bounds(year)
    dossiers = (
        Dossier.objects.filter(receiving_agency=agency, received_at__gte=start, received_at__lt=end)
        .select_related("procedure_version__procedure", "settling_agency")
        .order_by("received_at", "pk")
    )
    rows = []
    for n, d in enumerate(dossiers.iterator(chunk_size=500), start=1):
        contact = ", ".join(p for p in (d.applicant_address, d.applicant_phone) if p)
        rows.append(
            (
                formats.quantity(n),
                d.code,
                d.procedure_version.procedure.name,
                "01",
                d.applicant_name,
                contact,
                d.settling_agency.name,
                formats.short_datetime(d.received_at),
                formats.short_datetime(d.due_at),
                formats.short_datetime(d.returned_at),
                d.get_return_method_display(),
                "",
            )
        )
    doc = Document(
        form_set=spec.form_set,
        form_number=spec.number,
        title=spec.title,
        subtitle=_("Năm %(year)s — %(agency)s") % {"year": year, "agency": agency.name},
        header=letterhead.header(on),
        page_size=spec.page_size,
        orientation=spec.orientation,
        filename=f"mau-{spec.number}-{spec.kind}-{agency.code}-{year}",
        blocks=[
            Table(
                columns=(
                    Column(_("TT"), 4, "center"),
                    Column(_("Mã hồ sơ"), 12),
                    Column(_("Tên thủ tục hành chính"), 14),
                    Column(_("Số lượng hồ sơ (bộ)"), 5, "center"),
                    Column(_("Tên cá nhân, tổ chức"), 9),
                    Column(_("Địa chỉ, số điện thoại"), 10),
                    Column(_("Cơ quan chủ trì giải quyết"), 10),
                    Column(_("Nhận hồ sơ"), 7, "center"),
                    Column(_("Hẹn trả kết quả"), 7, "center"),
                    Column(_("Trả kết quả"), 7, "center"),
                    Column(_("Phương thức nhận kết quả"), 7),
                    Column(_("Ký nhận, ghi chú"), 8),
                ),
                rows=tuple(rows),
                empty_text=_("Chưa có hồ sơ được tiếp nhận trong năm"),
            )
        ],
    )
    return doc


# --- letterhead preview ---------------------------------------------------------------------


def letterhead_sample(form_set: str, letterhead: LetterheadData, on) -> Document:
    """A sample paper showing every part of the letterhead an administrator edits."""
    symbol = letterhead.document_symbol
    return Document(
        form_set=form_set,
        form_number="",
        title=_("XEM TRƯỚC TIÊU ĐỀ BIỂU MẪU"),
        header=letterhead.header(
            on, _("Số: 01/TB-%(symbol)s") % {"symbol": symbol} if symbol else ""
        ),
        filename="xem-truoc-tieu-de",
        blocks=[
            Paragraph(
                _(
                    "Đây là bản xem trước: phần tiêu đề, địa danh, ngày tháng, chức vụ người ký "
                    "và thông tin liên hệ được in như trên mọi biểu mẫu của cơ quan."
                ),
                "indent",
            ),
            Signatures(
                recipients=(_("- Như trên;"), _("- Lưu: VT.")),
                signatures=(letterhead.leader_signature(),),
            ),
            *([Paragraph(letterhead.contact_text, "note")] if letterhead.contact_text else []),
        ],
    )
