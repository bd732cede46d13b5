"""Verify the signatures in any PDF and explain the result in Vietnamese.

For each signature: who signed (from the certificate), when (the time the signer claims and,
when present, the RFC 3161 timestamp), whether the signed bytes are intact, whether the
certificate chains up to a configured trust root (Root CA of the national digital-signature
service, of the Government Cipher Committee, …), and what changed in the file after signing.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .aio import outside_event_loop
from .signing import KEY_USAGES

logger = logging.getLogger(__name__)

OK, WARNING, ERROR = "ok", "warning", "error"
_CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}


@dataclass
class Finding:
    level: str  # OK, WARNING, ERROR
    text: str


@dataclass
class SignatureReport:
    field_name: str
    is_document_timestamp: bool = False
    signer_name: str = ""
    organisation: str = ""
    issuer_name: str = ""
    serial_number: str = ""
    cert_valid_from: dt.datetime | None = None
    cert_valid_to: dt.datetime | None = None
    signing_time: dt.datetime | None = None
    timestamp_time: dt.datetime | None = None
    timestamp_trusted: bool | None = None
    intact: bool = False
    trusted: bool = False
    revoked: bool = False
    whole_file: bool = False
    modification: str = ""  # none, form_filling, lta_updates, annotations, other
    ok: bool = False
    findings: list[Finding] = field(default_factory=list)

    def add(self, level: str, text: str) -> None:
        self.findings.append(Finding(level, text))


@dataclass
class VerificationReport:
    signatures: list[SignatureReport]
    trust_roots_configured: bool

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and all(s.ok for s in self.signatures)

    @property
    def summary(self) -> str:
        if not self.signatures:
            return _("Tệp không có chữ ký số.")
        if self.ok:
            return _("Tất cả %(n)s chữ ký số trong tệp đều hợp lệ.") % {"n": len(self.signatures)}
        bad = sum(1 for s in self.signatures if not s.ok)
        return _("%(bad)s trong %(n)s chữ ký số không hợp lệ hoặc chưa được xác thực.") % {
            "bad": bad,
            "n": len(self.signatures),
        }


def load_trust_roots(paths=None) -> list:
    """Certificates from the configured files and folders (PEM bundles or DER)."""
    from asn1crypto import pem, x509

    paths = settings.MOTCUA_SIGNING["TRUST_ROOTS"] if paths is None else paths
    files: list[Path] = []
    for entry in map(Path, paths):
        if entry.is_dir():
            files += sorted(p for p in entry.iterdir() if p.suffix.lower() in _CERT_SUFFIXES)
        elif entry.is_file():
            files.append(entry)
        else:
            logger.warning("Trust root %s does not exist", entry)
    certs = []
    for path in files:
        data = path.read_bytes()
        blobs = (
            [der for _kind, _headers, der in pem.unarmor(data, multiple=True)]
            if (pem.detect(data))
            else [data]
        )
        for der in blobs:
            try:
                certs.append(x509.Certificate.load(der))
            except ValueError:
                logger.warning("Trust root file %s holds something that is not a certificate", path)
    return certs


@outside_event_loop
def verify_pdf(pdf: bytes, *, trust_roots: list | None = None) -> VerificationReport:
    """Check every signature of ``pdf``. Raises ``ValidationError`` if it is not a PDF."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    roots = load_trust_roots() if trust_roots is None else trust_roots
    if not pdf.lstrip()[:5] == b"%PDF-":
        raise ValidationError(_("Tệp không phải là tài liệu PDF."), code="not_pdf")
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise ValidationError(
            _("Không đọc được tệp PDF (tệp hỏng hoặc không đúng định dạng)."), code="bad_pdf"
        ) from exc
    reports = [_check(sig, roots) for sig in embedded]
    return VerificationReport(reports, trust_roots_configured=bool(roots))


def _context(roots):
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=roots,
        allow_fetching=settings.MOTCUA_SIGNING["ALLOW_FETCHING"],
        revocation_mode="soft-fail",
    )


def _check(sig, roots) -> SignatureReport:
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    report = SignatureReport(field_name=sig.field_name or "")
    try:
        report.is_document_timestamp = sig.sig_object_type == "/DocTimeStamp"
        if report.is_document_timestamp:
            status = validate_pdf_timestamp(sig, validation_context=_context(roots))
        else:
            status = validate_pdf_signature(
                sig,
                signer_validation_context=_context(roots),
                key_usage_settings=KeyUsageConstraints(key_usage=KEY_USAGES),
            )
    except Exception as exc:  # a malformed signature must give a report, not a server error
        logger.info("Signature %s could not be validated: %r", report.field_name, exc)
        report.add(ERROR, _("Không kiểm tra được chữ ký này (dữ liệu chữ ký bị hỏng)."))
        return report
    _describe_certificate(report, status.signing_cert)
    _describe_integrity(report, status)
    _describe_trust(report, status, roots)
    _describe_time(report, status)
    _describe_changes(report, status)
    report.ok = (
        bool(status.bottom_line)
        if not report.is_document_timestamp
        else (status.intact and status.valid and status.trusted)
    )
    return report


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(moment) if moment else None


def _name_part(name, key: str) -> str:
    value = name.native.get(key, "")
    return ", ".join(value) if isinstance(value, list) else str(value)


def _describe_certificate(report: SignatureReport, cert) -> None:
    report.signer_name = _name_part(cert.subject, "common_name")
    report.organisation = _name_part(cert.subject, "organization_name")
    report.issuer_name = _name_part(cert.issuer, "common_name")
    report.serial_number = format(cert.serial_number, "X")
    validity = cert["tbs_certificate"]["validity"]
    report.cert_valid_from = _local(validity["not_before"].native)
    report.cert_valid_to = _local(validity["not_after"].native)


def _describe_integrity(report: SignatureReport, status) -> None:
    report.intact = bool(status.intact and status.valid)
    if report.intact:
        report.add(OK, _("Nội dung được ký còn nguyên vẹn; chữ ký đúng về mặt mật mã."))
    else:
        report.add(
            ERROR,
            _("Chữ ký không khớp với nội dung: tệp đã bị thay đổi sau khi ký hoặc chữ ký bị hỏng."),
        )


def _describe_trust(report: SignatureReport, status, roots) -> None:
    report.trusted = bool(status.trusted)
    report.revoked = bool(status.revoked)
    if report.revoked:
        details = status.revocation_details
        report.add(
            ERROR,
            _("Chứng thư số đã bị thu hồi từ %(when)s.")
            % {"when": f"{_local(details.revocation_date):%d/%m/%Y %H:%M}"},
        )
    elif report.trusted:
        anchor = status.validation_path[0] if status.validation_path is not None else None
        anchor_name = _name_part(anchor.subject, "common_name") if anchor is not None else ""
        report.add(
            OK,
            _("Chứng thư số của người ký được xác thực đến chứng thư gốc tin cậy “%(root)s”.")
            % {"root": anchor_name},
        )
    elif not roots:
        report.add(
            WARNING,
            _("Hệ thống chưa cấu hình chứng thư gốc tin cậy nên chưa xác thực được người ký."),
        )
    else:
        report.add(
            ERROR,
            _(
                "Không xác thực được chứng thư số của người ký: không thuộc chứng thư gốc tin "
                "cậy nào đã cấu hình, đã hết hạn hoặc không dùng để ký."
            ),
        )


def _describe_time(report: SignatureReport, status) -> None:
    reported = getattr(status, "signer_reported_dt", None)
    report.signing_time = _local(reported)
    if report.is_document_timestamp:
        report.timestamp_time = _local(status.timestamp)
        report.timestamp_trusted = bool(status.trusted)
    elif status.timestamp_validity is not None:
        ts = status.timestamp_validity
        report.timestamp_time = _local(ts.timestamp)
        report.timestamp_trusted = bool(ts.intact and ts.valid and ts.trusted)
    if report.timestamp_time is not None:
        text = _("Dấu thời gian (RFC 3161) lúc %(when)s") % {
            "when": f"{report.timestamp_time:%d/%m/%Y %H:%M:%S}"
        }
        if report.timestamp_trusted:
            report.add(OK, text + _(", do tổ chức cấp dấu thời gian tin cậy xác nhận."))
        else:
            report.add(ERROR, text + _(", nhưng dấu thời gian không hợp lệ hoặc không tin cậy."))
    elif report.signing_time is not None:
        report.add(
            WARNING,
            _("Thời điểm ký do người ký tự khai: %(when)s (không có dấu thời gian).")
            % {"when": f"{report.signing_time:%d/%m/%Y %H:%M:%S}"},
        )


def _describe_changes(report: SignatureReport, status) -> None:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    report.whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    if report.whole_file:
        report.modification = "none"
        report.add(OK, _("Chữ ký bao trùm toàn bộ tệp: không có thay đổi nào sau khi ký."))
        return
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        report.modification = "other"
        report.add(ERROR, _("Chữ ký chỉ bao trùm một phần tệp theo cách bất thường."))
        return
    report.modification = {
        ModificationLevel.LTA_UPDATES: "lta_updates",
        ModificationLevel.FORM_FILLING: "form_filling",
        ModificationLevel.ANNOTATIONS: "annotations",
    }.get(level, "other")
    messages = {
        "lta_updates": (OK, _("Sau khi ký, tệp chỉ được bổ sung thông tin xác thực dài hạn.")),
        "form_filling": (
            OK,
            _("Sau khi ký, tệp chỉ được bổ sung chữ ký số khác hoặc điền trường biểu mẫu."),
        ),
        "annotations": (WARNING, _("Sau khi ký, tệp được thêm chú thích (ghi chú, đánh dấu).")),
        "other": (ERROR, _("Nội dung tệp đã bị sửa đổi sau khi ký.")),
    }
    report.add(*messages[report.modification])
    if status.docmdp_ok is False:
        report.add(ERROR, _("Các thay đổi sau khi ký vượt quá quyền sửa đổi người ký cho phép."))
