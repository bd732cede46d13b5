"""Every field mapping between motcua and the national portal, in one place.

Sources (``shared/reference/regs.md``): the dossier fields, the process-history fields, the code
values and the ``yyyyMMddHHmmss`` date format are those a vendor's adapter sends (§5.4 [seen]);
the status codes 1–10 are §5.3 [seen]. The official message catalogue (TT 04/2025/TT-VPCP) and
the packet structure of QCVN 120:2019/BTTTT were not available: what is marked [inferred] is our
reading, listed in ADR 0012 for confirmation before go-live. Nothing else in the code knows a
national field name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import ComponentRequirement, Fee
from motcua.core.text import clean_text, fold
from motcua.dossiers.models import (
    ApplicantKind,
    Dossier,
    DossierChannel,
    DossierComponent,
    HistoryEntry,
    ReturnMethod,
    SupplementRequest,
)
from motcua.dossiers.states import Action, Decision, State

# --- code tables --------------------------------------------------------------------------------

DATE_FORMAT = "%Y%m%d%H%M%S"  # yyyyMMddHHmmss, local time (Asia/Ho_Chi_Minh) [seen S2]
DAY_FORMAT = "%Y%m%d"  # dates without time (birth dates) [inferred]
PACKET_VERSION = "1.0"  # [inferred]

# KenhThucHien: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích [seen S2, S3].
CHANNEL = {
    DossierChannel.COUNTER: 1,
    DossierChannel.ONLINE_PORTAL: 2,
    DossierChannel.NATIONAL_PORTAL: 2,
    DossierChannel.VNEID: 2,
    DossierChannel.POST: 3,
}
# LoaiDoiTuong: 1 công dân, 2 doanh nghiệp, 3 cơ quan nhà nước, 4 tổ chức khác [seen S2]. We
# know only person / organisation; an organisation is reported as 2 [inferred].
APPLICANT_KIND = {ApplicantKind.PERSON: 1, ApplicantKind.ORGANISATION: 2}
APPLICANT_KIND_IN = {1: ApplicantKind.PERSON, 2: ApplicantKind.ORGANISATION}
# LoaiDinhDanh of DinhDanhCHS: 1 personal identification number, 2 enterprise/tax code
# [inferred].
ID_TYPE = {ApplicantKind.PERSON: 1, ApplicantKind.ORGANISATION: 2}
# HinhThuc (how the result is returned): 0 trực tiếp, 1 bưu chính [seen S2]; 2 trực tuyến
# [inferred].
RETURN_METHOD = {ReturnMethod.COUNTER: 0, ReturnMethod.POST: 1, ReturnMethod.ONLINE: 2}
RETURN_METHOD_IN = {value: key for key, value in RETURN_METHOD.items()}
# HinhThucThu of a fee: 1 at reception, 2 at supplement, 4 at return [seen S13].
FEE_COLLECTED = {
    Fee.CollectedAt.RECEPTION: 1,
    Fee.CollectedAt.SUPPLEMENT: 2,
    Fee.CollectedAt.RETURN: 4,
}
# LoaiPhiLePhi: 1 phí, 2 lệ phí [inferred].
FEE_KIND = {Fee.Kind.FEE: 1, Fee.Kind.CHARGE: 2}
# DuocThanhToanTrucTuyen: 1 through the national payment platform, 2 a local gateway [seen S3].
ONLINE_PAYMENT = {"national_platform": 1}
ONLINE_PAYMENT_OTHER = 2
# TrangThaiBoSung of a supplement request [inferred].
SUPPLEMENT_STATUS = {
    SupplementRequest.Status.OPEN: 1,
    SupplementRequest.Status.ANSWERED: 2,
    SupplementRequest.Status.EXPIRED: 3,
    SupplementRequest.Status.CANCELLED: 4,
}
# KenhNop of a pulled dossier [inferred]: anything but VNeID is the national portal.
INBOUND_VNEID = "VNEID"


def status_code(national_status: int, codes: Mapping[int, int]) -> int:
    """TrangThaiHoSo: our national status (dossiers.states.NationalStatus), one for one unless
    the configuration maps it otherwise (§5.3 [seen S2, S13])."""
    return codes.get(national_status, national_status)


def yes_no(value: bool) -> int:
    return 1 if value else 0


def fmt(moment: dt.datetime | None) -> str:
    """``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh; empty when there is no moment."""
    return timezone.localtime(moment).strftime(DATE_FORMAT) if moment else ""


def parse_moment(value: Any) -> dt.datetime | None:
    """``yyyyMMddHHmmss`` (or ``yyyyMMdd``) as an aware moment; ``None`` when blank."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        naive = dt.datetime.strptime(text, DATE_FORMAT if len(text) == 14 else DAY_FORMAT)
    except ValueError:
        raise ValidationError(
            _("Ngày giờ “%(value)s” không đúng định dạng yyyyMMddHHmmss.") % {"value": text}
        ) from None
    return timezone.make_aware(naive)


# --- outbound packets ------------------------------------------------------------------------


def packet(message_id: str, kind: str, sender: str, at: dt.datetime, data: dict) -> dict:
    """The envelope of every packet we send [inferred]: ``MaGoiTin`` lets the portal drop a
    packet it already has (we resend when an answer is lost)."""
    return {
        "MaGoiTin": message_id,
        "LoaiGoiTin": kind,
        "PhienBan": PACKET_VERSION,
        "MaDonViGui": sender,
        "ThoiDiemGui": fmt(at),
        "DuLieu": data,
    }


def dossier_payload(d: Dossier, codes: Mapping[int, int]) -> dict[str, Any]:
    """HoSo (§5.4): the whole dossier, sent once it is received. Files stay here: the file
    upload step (B3) is not built, so documents go without ``TepDinhKemId``."""
    procedure = d.procedure_version.procedure
    refused_at = d.closed_at if d.state == State.NOT_RECEIVED else None
    if d.decision == Decision.REFUSED:
        refused_at = d.decided_at
    fees = list(d.fees.all())
    paid_online = [f for f in fees if f.paid_online]
    return {
        "MaHoSo": d.code,
        "MaTTHC": procedure.national_code,
        "TenTTHC": procedure.name,
        "MaLinhVuc": procedure.field.code,
        "TenLinhVuc": procedure.field.name,
        "KenhThucHien": CHANNEL[d.channel],
        "SoGiayToChuHoSo": d.applicant_id_number,
        "ChuHoSo": d.applicant_name,
        "LoaiDoiTuong": APPLICANT_KIND[d.applicant_kind],
        "Email": d.applicant_email,
        "SoDienThoai": d.applicant_phone,
        "TrichYeuHoSo": (d.summary or procedure.name)[:1000],
        "NgayNopHoSo": fmt(d.submitted_at),
        "NgayTiepNhan": fmt(d.received_at),
        "NgayHenTra": fmt(d.due_at),
        "TrangThaiHoSo": status_code(d.national_status, codes),
        "NgayTra": fmt(d.returned_at),
        "ThongTinTra": _return_info(d),
        "HinhThuc": RETURN_METHOD[d.return_method],
        "NgayKetThucXuLy": fmt(d.finished_at),
        "DonViXuLy": d.settling_agency.name,
        "GhiChu": d.closing_note,
        "NoiNopHoSo": d.receiving_agency.code,
        "HoSoCoThanhPhanSoHoa": yes_no(any(c.digitised for c in d.components.all())),
        # Only the VNeID channel tells us the account was verified [inferred].
        "TaiKhoanDuocXacThucVoiVNeID": yes_no(d.channel == DossierChannel.VNEID),
        "DuocThanhToanTrucTuyen": (
            ONLINE_PAYMENT.get(paid_online[0].online_channel, ONLINE_PAYMENT_OTHER)
            if paid_online
            else 0
        ),
        "NgayTuChoi": fmt(refused_at),
        "DinhDanhCHS": (
            [{"LoaiDinhDanh": ID_TYPE[d.applicant_kind], "SoDinhDanh": d.applicant_id_number}]
            if d.applicant_id_number
            else []
        ),
        "DSKetNoiCSDL": [],  # no national database is consulted yet (ADR 0012)
        "TaiLieuNop": _documents(d),
        "DanhSachLePhi": [_fee(fee) for fee in fees],
        "DanhSachHoSoBoSung": _supplements(d),
    }


def _return_info(d: Dossier) -> str:
    text = str(ReturnMethod(d.return_method).label)
    if d.return_method == ReturnMethod.POST and d.delivery_address:
        text += f": {d.delivery_address}"
    return text


def _documents(d: Dossier) -> list[dict[str, Any]]:
    rows = []
    for component in d.components.all():
        flags = {
            "MaThanhPhanHoSo": component.requirement.code if component.requirement else "",
            "DuocSoHoa": yes_no(component.digitised),
            "DuocTaiSuDung": yes_no(component.reused_from_result),
            "DuocLayTuKhoDMQG": yes_no(component.from_citizen_store),
            "MaKetQuaThayThe": component.result_code_substitute,
        }
        names = [f.original_name for f in component.files.all() if f.superseded_by_id is None]
        for name in names or [component.name]:  # a paper component without a scan counts too
            rows.append(
                {
                    "TenTepDinhKem": name,
                    "IsDeleted": component.status == DossierComponent.Status.MISSING,
                    **flags,
                }
            )
    return rows


def _fee(fee) -> dict[str, Any]:
    catalog = fee.catalog_fee
    return {
        "TenPhiLePhi": fee.name,
        "MaPhiLePhi": catalog.code if catalog else "",
        "HinhThucThu": FEE_COLLECTED.get(
            fee.collected_at, FEE_COLLECTED[Fee.CollectedAt.RECEPTION]
        ),
        "Gia": int(fee.amount),
        # Fees asked for after appraisal have no catalogue row: reported as phí [inferred].
        "LoaiPhiLePhi": FEE_KIND[catalog.kind] if catalog else FEE_KIND[Fee.Kind.FEE],
    }


def _supplements(d: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "NguoiYeuCauBoSung": str(request.requested_by) if request.requested_by else "",
            "NoiDungBoSung": request.reason,
            "NgayBoSung": fmt(request.requested_at),
            "NgayTiepNhanBoSung": fmt(request.answered_at),
            "TrangThaiBoSung": SUPPLEMENT_STATUS[request.status],
            "DanhSachGiayToBoSung": [{"TenGiayTo": item} for item in request.items],
        }
        for request in d.supplements.all()
    ]


def history_row(d: Dossier, entry: HistoryEntry, codes: Mapping[int, int]) -> dict[str, Any]:
    """One line of QuaTrinhXuLy (§5.4); ``ThuTu`` is our sequence number [inferred]."""
    content = str(Action(entry.action).label)
    if entry.note:
        content += f": {entry.note}"
    return {
        "MaHoSo": d.code,
        "ThuTu": entry.seq,
        "NguoiXuLy": entry.actor_name,
        "ChucDanh": entry.actor_title,
        "ThoiDiemXuLy": fmt(entry.at),
        "PhongBanXuLy": entry.actor_unit_name,
        "NoiDungXuLy": content[:2000],
        "TrangThai": status_code(entry.status_after, codes),
        "NgayBatDau": fmt(entry.step_started_at),
        "NgayKetThucTheoQuyDinh": fmt(entry.step_due_at),
    }


def status_payload(d: Dossier, entry: HistoryEntry, codes: Mapping[int, int]) -> dict[str, Any]:
    """B5 + B6: the status the history line left the dossier in, with that line. Dates are the
    dossier's when the message is queued, right after the change."""
    return {
        "MaHoSo": d.code,
        "TrangThaiHoSo": status_code(entry.status_after, codes),
        "ThoiDiemCapNhat": fmt(entry.at),
        "NgayHenTra": fmt(d.due_at),
        "NgayKetThucXuLy": fmt(d.finished_at),
        "NgayTra": fmt(d.returned_at),
        "QuaTrinhXuLy": [history_row(d, entry, codes)],
    }


def result_payload(d: Dossier) -> dict[str, Any]:
    """DanhSachGiayToKetQua (§5.4) of a dossier whose results are ready."""
    return {
        "MaHoSo": d.code,
        "NgayKetThucXuLy": fmt(d.finished_at),
        "DanhSachGiayToKetQua": [
            {
                "TenGiayTo": result.name,
                "MaThanhPhanHoSo": result.result_type.code if result.result_type else "",
                "SoKyHieu": result.document_number,
                "NgayBanHanh": fmt(result.issued_at),
                "MaGiayToKetQua": result.result_code,
                "KetQuaDienTu": yes_no(result.electronic),
                "DaKySo": yes_no(result.signed),
            }
            for result in d.results.all()
        ],
    }


# --- inbound: a dossier filed on the national portal or VNeID ---------------------------------


@dataclass
class InboundDocument:
    file_id: str
    name: str
    component_code: str
    component_name: str
    digitised: bool
    reused: bool
    from_store: bool
    substitute_code: str


@dataclass
class InboundPacket:
    """A pulled dossier, read and checked; references still as codes."""

    national_code: str
    channel: str
    procedure_code: str
    case_code: str
    desk_code: str
    settling_code: str
    applicant_kind: str
    applicant_name: str
    applicant_id_number: str
    applicant_date_of_birth: dt.date | None
    applicant_address: str
    applicant_phone: str
    applicant_email: str
    submitter: dict[str, str] | None
    summary: str
    submitted_at: dt.datetime | None
    return_method: str
    delivery_address: str
    form_data: dict | None
    documents: list[InboundDocument]


def _text(payload: Mapping, key: str, limit: int) -> str:
    value = payload.get(key)
    return clean_text(str(value))[:limit] if value not in (None, "") else ""


def _int(payload: Mapping, key: str, default: int, errors: list[str]) -> int:
    try:
        return int(payload.get(key, default))
    except (TypeError, ValueError):
        errors.append(_("Trường %(key)s phải là một số nguyên.") % {"key": key})
        return default


def national_code_of(payload: Any) -> str:
    return _text(payload, "MaHoSo", 120) if isinstance(payload, dict) else ""


def read_inbound(payload: Any) -> InboundPacket:
    """Read a national-portal dossier: the HoSo fields (§5.4) plus ``KenhNop``,
    ``MaTruongHop``, ``MaDonViTiepNhan``, ``MaCoQuanGiaiQuyet``, ``NgaySinh``,
    ``DiaChiThuongTru``, ``DiaChiNhanKetQua``, ``NguoiNop``, ``DuLieuBieuMau`` [inferred].
    Raises ``ValidationError`` naming every missing or malformed field."""
    if not isinstance(payload, dict):
        raise ValidationError(_("Gói tin phải là một đối tượng JSON (hồ sơ)."))
    errors: list[str] = []
    for key in ("MaHoSo", "MaTTHC", "ChuHoSo"):
        if not _text(payload, key, 1000):
            errors.append(_("Thiếu trường bắt buộc %(key)s.") % {"key": key})
    kind = APPLICANT_KIND_IN.get(_int(payload, "LoaiDoiTuong", 1, errors))
    if kind is None:
        errors.append(_("Loại đối tượng (LoaiDoiTuong) không hợp lệ."))
    method = RETURN_METHOD_IN.get(_int(payload, "HinhThuc", 2, errors))
    if method is None:
        errors.append(_("Hình thức nhận kết quả (HinhThuc) không hợp lệ."))
    delivery = _text(payload, "DiaChiNhanKetQua", 300)
    if method == ReturnMethod.POST and not delivery:
        errors.append(_("Nhận kết quả qua bưu chính thì phải có DiaChiNhanKetQua."))
    form_data = payload.get("DuLieuBieuMau")
    if form_data is not None and not isinstance(form_data, dict):
        errors.append(_("DuLieuBieuMau phải là một đối tượng JSON."))
    documents = []
    for index, raw in enumerate(payload.get("TaiLieuNop") or [], start=1):
        if not isinstance(raw, dict) or not _text(raw, "TepDinhKemId", 100):
            errors.append(_("TaiLieuNop dòng %(n)d thiếu TepDinhKemId.") % {"n": index})
            continue
        documents.append(
            InboundDocument(
                file_id=_text(raw, "TepDinhKemId", 100),
                name=_text(raw, "TenTepDinhKem", 255) or f"tep-{index}.pdf",
                component_code=_text(raw, "MaThanhPhanHoSo", 60),
                component_name=_text(raw, "TenThanhPhanHoSo", 1000),
                digitised=_int(raw, "DuocSoHoa", 1, errors) == 1,
                reused=_int(raw, "DuocTaiSuDung", 0, errors) == 1,
                from_store=_int(raw, "DuocLayTuKhoDMQG", 0, errors) == 1,
                substitute_code=_text(raw, "MaKetQuaThayThe", 100),
            )
        )
    submitter = payload.get("NguoiNop")
    birth = submitted_at = None
    try:
        birth = parse_moment(payload.get("NgaySinh"))
        submitted_at = parse_moment(payload.get("NgayNopHoSo"))
    except ValidationError as exc:
        errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return InboundPacket(
        national_code=national_code_of(payload),
        channel=(
            DossierChannel.VNEID
            if _text(payload, "KenhNop", 20).upper() == INBOUND_VNEID
            else DossierChannel.NATIONAL_PORTAL
        ),
        procedure_code=_text(payload, "MaTTHC", 30),
        case_code=_text(payload, "MaTruongHop", 60),
        desk_code=_text(payload, "MaDonViTiepNhan", 35),
        settling_code=_text(payload, "MaCoQuanGiaiQuyet", 35),
        applicant_kind=kind,
        applicant_name=_text(payload, "ChuHoSo", 255),
        applicant_id_number=_text(payload, "SoGiayToChuHoSo", 20),
        applicant_date_of_birth=timezone.localtime(birth).date() if birth else None,
        applicant_address=_text(payload, "DiaChiThuongTru", 300),
        applicant_phone=_text(payload, "SoDienThoai", 20),
        applicant_email=_text(payload, "Email", 254),
        submitter=(
            {
                "name": _text(submitter, "HoTen", 255),
                "id_number": _text(submitter, "SoGiayTo", 20),
                "phone": _text(submitter, "SoDienThoai", 20),
                "relation": _text(submitter, "QuanHe", 100),
            }
            if isinstance(submitter, dict) and _text(submitter, "HoTen", 255)
            else None
        ),
        summary=_text(payload, "TrichYeuHoSo", 1000),
        submitted_at=submitted_at,
        return_method=method,
        delivery_address=delivery,
        form_data=form_data,
        documents=documents,
    )


def match_requirement(
    document: InboundDocument, requirements: list[ComponentRequirement]
) -> ComponentRequirement | None:
    """The catalogue component a national document belongs to: by code, else by name."""
    if document.component_code:
        for requirement in requirements:
            if requirement.code and requirement.code == document.component_code:
                return requirement
    if document.component_name:
        wanted = fold(document.component_name)
        for requirement in requirements:
            if fold(requirement.name) == wanted:
                return requirement
    return None


def ack_row(national_code: str, our_code: str, error: str = "") -> dict[str, Any]:
    """One line of the acknowledgement of pulled dossiers [inferred]: accepted with our code,
    or refused with the reason."""
    return {
        "MaHoSoQG": national_code,
        "MaHoSo": our_code,
        "KetQua": 0 if error else 1,
        "LyDo": error,
    }
