"""The documents app's entry points: letterheads, official forms of a dossier, electronic
results. Views, the API and other apps call these, never the builders or renderers directly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.core import audit
from motcua.core.text import clean_text
from motcua.directory.models import Agency
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Decision, State

from . import builders, rendering, signing
from .builders import LetterheadData
from .content import Document
from .models import Letterhead
from .registry import FormKind, form_set_for, form_set_in_force, spec

LETTERHEAD_FIELDS = (
    "superior_name",
    "issuer_name",
    "place_name",
    "document_symbol",
    "signer_authority",
    "signer_title",
    "signer_name",
    "seal_text",
    "contact_text",
)
LETTERHEAD_ADMIN_ROLES = (Role.CENTRE_ADMIN, Role.PROVINCE_ADMIN)


@dataclass(frozen=True)
class RenderedFile:
    content: bytes
    filename: str
    content_type: str


# --- letterheads ----------------------------------------------------------------------------


def default_letterhead(agency: Agency) -> LetterheadData:
    """What an agency prints before an administrator sets its letterhead: its own name under
    its parent's, the province as the place, the head of the agency as signer."""
    place = (
        agency.administrative_unit.name
        if agency.administrative_unit_id
        else settings.MOTCUA_PROVINCE_NAME
    )
    return LetterheadData(
        superior_name=agency.parent.name if agency.parent_id else "",
        issuer_name=agency.name,
        place_name=place,
        signer_title="THỦ TRƯỞNG CƠ QUAN",
        seal_text="(Ký, ghi rõ họ tên và đóng dấu)",
        contact_text=" — ".join(p for p in (agency.address, agency.phone) if p),
    )


def letterhead_data(letterhead: Letterhead) -> LetterheadData:
    return LetterheadData(**{name: getattr(letterhead, name) for name in LETTERHEAD_FIELDS})


def letterhead_for(agency: Agency) -> LetterheadData:
    try:
        return letterhead_data(agency.letterhead)
    except Letterhead.DoesNotExist:
        return default_letterhead(agency)


def letterhead_values(agency: Agency) -> dict:
    data = letterhead_for(agency)
    return {name: getattr(data, name) for name in LETTERHEAD_FIELDS}


def letterhead_preview(agency: Agency, typed: dict) -> RenderedFile:
    """A sample paper (PDF) with the letterhead as typed, unsaved; empty fields show the
    current value so the preview never has gaps while the administrator types."""
    data = {**letterhead_values(agency), **{k: v for k, v in typed.items() if str(v).strip()}}
    now = timezone.now()
    with translation.override("vi"):
        document = builders.letterhead_sample(form_set_in_force(now), LetterheadData(**data), now)
    return render_document(document, rendering.PDF)


def editable_agencies(user):
    """Agencies whose letterhead ``user`` may edit: province administrators every agency,
    centre administrators their own agency and the units below it."""
    from motcua.dossiers.permissions import scope_of

    if not getattr(user, "is_authenticated", False):
        return Agency.objects.none()
    scope = scope_of(user)
    if user.is_superuser or scope.is_province_admin:
        return Agency.objects.all()
    ids = set()
    for agency_id in scope.agency_ids:
        if scope.role_in(agency_id, LETTERHEAD_ADMIN_ROLES):
            ids.add(agency_id)
    return Agency.objects.filter(pk__in=ids)


def can_edit_letterhead(user, agency: Agency) -> bool:
    return editable_agencies(user).filter(pk=agency.pk).exists()


def clean_letterhead(data: dict) -> dict:
    """Validated, NFC-normalised letterhead fields; ``ValidationError`` lists what is wrong."""
    cleaned = {}
    for name in LETTERHEAD_FIELDS:
        value = data.get(name, "") or ""
        if name == "contact_text":
            cleaned[name] = "\n".join(clean_text(line) for line in str(value).splitlines()).strip()
        elif name == "issuer_name":
            cleaned[name] = "\n".join(
                clean_text(line) for line in str(value).splitlines() if line.strip()
            )
        else:
            cleaned[name] = clean_text(str(value))
    errors = {}
    for name in ("issuer_name", "place_name", "signer_title"):
        if not cleaned[name]:
            errors[name] = _("Trường này là bắt buộc.")
    for name in LETTERHEAD_FIELDS:
        limit = Letterhead._meta.get_field(name).max_length
        if limit and len(cleaned[name]) > limit:
            errors[name] = _("Tối đa %(n)s ký tự.") % {"n": limit}
    if errors:
        raise ValidationError(errors)
    return cleaned


def save_letterhead(agency: Agency, *, actor, data: dict) -> Letterhead:
    if not can_edit_letterhead(actor, agency):
        raise PermissionDenied(_("Bạn không có quyền sửa tiêu đề biểu mẫu của cơ quan này."))
    cleaned = clean_letterhead(data)
    with transaction.atomic():
        letterhead, created = Letterhead.objects.select_for_update().get_or_create(
            agency=agency, defaults={**cleaned, "updated_by": actor}
        )
        before = {name: getattr(letterhead, name) for name in LETTERHEAD_FIELDS}
        if not created:
            for name, value in cleaned.items():
                setattr(letterhead, name, value)
            letterhead.updated_by = actor
            letterhead.save()
        audit.record(
            "documents.letterhead_saved",
            actor=actor,
            obj=letterhead,
            summary=_("Cập nhật tiêu đề biểu mẫu: %(agency)s") % {"agency": agency.name},
            details={
                "changed": sorted(
                    n for n in LETTERHEAD_FIELDS if created or before[n] != cleaned[n]
                )
            },
        )
    return letterhead


# --- forms of a dossier ---------------------------------------------------------------------

# Forms about the reception belong to the one-stop desk; letters about the decision, to the
# competent authority (it signs them: NĐ 118 Điều 19.6, 21).
_SETTLING_FORMS = {FormKind.APOLOGY, FormKind.STOP_NOTICE}


def issuing_agency(dossier: Dossier, kind: str, *, supplement=None) -> Agency:
    if kind in _SETTLING_FORMS:
        return dossier.settling_agency
    if (
        kind == FormKind.SUPPLEMENT_REQUEST
        and supplement is not None
        and supplement.stage == supplement.Stage.PROCESSING
    ):
        return dossier.settling_agency
    return dossier.receiving_agency


def available_forms(dossier: Dossier, on: dt.datetime | None = None) -> list[str]:
    """The forms that exist for ``dossier`` now (for download links)."""
    on = on or timezone.now()
    form_set = form_set_for(dossier, on)
    kinds = []
    received = dossier.received_at is not None
    if received:
        kinds += [FormKind.RECEIPT, FormKind.CONTROL_SHEET]
    if dossier.supplements.exists():
        kinds.append(FormKind.SUPPLEMENT_REQUEST)
    if dossier.state == State.NOT_RECEIVED or dossier.decision == Decision.REFUSED:
        kinds.append(FormKind.REFUSAL)
    if dossier.extensions.exists():
        kinds.append(FormKind.APOLOGY)
    if dossier.state == State.STOPPED:
        kinds.append(FormKind.STOP_NOTICE)
    from .registry import FORM_SETS

    return [k for k in kinds if k in FORM_SETS[form_set]]


def build_form(
    dossier: Dossier,
    kind: str,
    *,
    on: dt.datetime | None = None,
    supplement_id: int | None = None,
    extension_id: int | None = None,
    reason: str = "",
) -> Document:
    """The ``Document`` of form ``kind`` for ``dossier`` as issued at ``on`` (default now)."""
    on = on or timezone.now()
    if kind == FormKind.TRACKING_BOOK:
        raise ValidationError(
            _("Sổ theo dõi hồ sơ được lập theo cơ quan và năm, không theo hồ sơ.")
        )
    form = spec(form_set_for(dossier, on), kind)
    with translation.override("vi"):
        if kind == FormKind.RECEIPT:
            _require(dossier.received_at, _("Hồ sơ chưa được tiếp nhận."))
            return builders.receipt(form, dossier, _letterhead(dossier, kind), on)
        if kind == FormKind.CONTROL_SHEET:
            _require(dossier.received_at, _("Hồ sơ chưa được tiếp nhận."))
            return builders.control_sheet(form, dossier, _letterhead(dossier, kind), on)
        if kind == FormKind.SUPPLEMENT_REQUEST:
            request = _pick(dossier.supplements, supplement_id, _("Hồ sơ chưa có yêu cầu bổ sung."))
            letterhead = _letterhead(dossier, kind, supplement=request)
            return builders.supplement_request(form, dossier, letterhead, on, request)
        if kind == FormKind.REFUSAL:
            _require(
                dossier.state == State.NOT_RECEIVED or dossier.decision == Decision.REFUSED,
                _("Hồ sơ không bị từ chối."),
            )
            return builders.refusal(form, dossier, _letterhead(dossier, kind), on, reason)
        if kind == FormKind.APOLOGY:
            extension = _pick(dossier.extensions, extension_id, _("Hồ sơ chưa được gia hạn."))
            return builders.apology(form, dossier, _letterhead(dossier, kind), on, extension)
        if kind == FormKind.STOP_NOTICE:
            _require(dossier.state == State.STOPPED, _("Hồ sơ không bị dừng giải quyết."))
            return builders.stop_notice(form, dossier, _letterhead(dossier, kind), on)
    raise ValidationError(_("Biểu mẫu không tồn tại."))


def _require(condition, message: str) -> None:
    if not condition:
        raise ValidationError(message, code="form_not_applicable")


def _pick(related, pk: int | None, missing: str):
    rows = related.all()
    row = rows.filter(pk=pk).first() if pk is not None else rows.order_by("-pk").first()
    _require(row, missing)
    return row


def _letterhead(dossier: Dossier, kind: str, *, supplement=None) -> LetterheadData:
    return letterhead_for(issuing_agency(dossier, kind, supplement=supplement))


def build_tracking_book(agency: Agency, year: int, *, on: dt.datetime | None = None) -> Document:
    on = on or timezone.now()
    # The book of a year follows the circular in force at its end (or today, for this year).
    last_day = min(on, dt.datetime(year, 12, 31, 12, tzinfo=timezone.get_current_timezone()))
    form = spec(form_set_in_force(last_day), FormKind.TRACKING_BOOK)
    with translation.override("vi"):
        return builders.tracking_book(form, agency, year, letterhead_for(agency), on)


def render_document(document: Document, fmt: str) -> RenderedFile:
    if fmt not in rendering.CONTENT_TYPES:
        raise ValidationError(_("Định dạng tệp không được hỗ trợ."))
    return RenderedFile(
        content=rendering.render(document, fmt),
        filename=f"{document.filename}.{fmt}",
        content_type=rendering.CONTENT_TYPES[fmt],
    )


def sign_document(
    document: Document,
    *,
    actor,
    position: str = "",
    reason: str = "",
    config: signing.SignerConfig | None = None,
) -> RenderedFile:
    """The PDF of ``document`` signed with the configured key; the visible stamp lands in the
    signing space of the form's signer (``position``: the title printed under the name)."""
    pdf, box = rendering.render_pdf_with_signature_box(document)
    signed = signing.sign_pdf(
        pdf,
        config=config,
        reason=reason or document.title.capitalize(),
        location=document.header.place_date.split(",")[0],
        position=position,
        box=box,
    )
    audit.record(
        "documents.form_signed",
        actor=actor,
        summary=_("Ký số %(form)s") % {"form": document.filename},
        details={"form_set": document.form_set, "number": document.form_number},
    )
    return RenderedFile(signed, f"{document.filename}.pdf", rendering.CONTENT_TYPES["pdf"])


# --- electronic results ---------------------------------------------------------------------


def _signed_name(name: str) -> str:
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "ket-qua"
    return f"{stem}-da-ky-so.pdf"


def read_pdf_upload(upload, *, max_bytes: int | None = None) -> bytes:
    """The bytes of an uploaded PDF, checked by content (not by name) and size."""
    limit = max_bytes or settings.MOTCUA_VERIFY_MAX_BYTES
    if upload is None:
        raise ValidationError(_("Vui lòng chọn tệp PDF."), code="required")
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": limit // (1024 * 1024)}, code="too_big"
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": limit // (1024 * 1024)}, code="too_big"
        )
    if not data.lstrip()[:5] == b"%PDF-":
        raise ValidationError(_("Tệp không phải là tài liệu PDF."), code="not_pdf")
    return data


def attach_signed_result(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    result_file,
    result_type_id: int | None = None,
    name: str = "",
    document_number: str = "",
    issued_at: dt.datetime | None = None,
    result_code: str = "",
    position: str = "",
    config: signing.SignerConfig | None = None,
    now: dt.datetime | None = None,
) -> Dossier:
    """Sign a result PDF with the configured key and record it on the dossier as a signed
    electronic result, through the lifecycle services ``record_result`` and ``sign_result``
    (one transaction: both or neither). The applicant then downloads it (PL3-16).

    The actor's right to record and sign is checked before the key is used, so nobody can get
    a document signed with the agency's key by an action that is then refused."""
    from motcua.dossiers import services as lifecycle
    from motcua.dossiers.models import Dossier as DossierModel
    from motcua.dossiers.permissions import authorise
    from motcua.dossiers.states import Action

    target = dossier if isinstance(dossier, DossierModel) else DossierModel.objects.get(pk=dossier)
    authorise(Action.RECORD_RESULT, target, actor)
    authorise(Action.SIGN_RESULT, target, actor)
    pdf = read_pdf_upload(result_file, max_bytes=settings.MOTCUA_UPLOAD_MAX_BYTES)
    signed = _sign_result_pdf(target, pdf, position=position, config=config)
    with transaction.atomic():
        target = lifecycle.record_result(
            target,
            actor=actor,
            expected_version=expected_version,
            result_type_id=result_type_id,
            name=name,
            document_number=document_number,
            issued_at=issued_at,
            electronic=True,
            result_code=result_code,
            now=now,
        )
        result = target.results.order_by("-pk").first()
        return _record_signed(
            target, result, signed, getattr(result_file, "name", ""), actor=actor, now=now
        )


def sign_result_with_key(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    result_id: int,
    position: str = "",
    config: signing.SignerConfig | None = None,
    now: dt.datetime | None = None,
) -> Dossier:
    """The leader's “Ký kết quả” with the agency's configured key: the drafted result's PDF is
    signed (PAdES), stored as the result's file and the result marked signed and electronic
    through ``sign_result``, so the applicant downloads it (PL3-16). The right to sign is
    checked before the key is used."""
    from motcua.dossiers.models import Dossier as DossierModel
    from motcua.dossiers.models import DossierResult
    from motcua.dossiers.permissions import authorise
    from motcua.dossiers.states import Action

    target = dossier if isinstance(dossier, DossierModel) else DossierModel.objects.get(pk=dossier)
    authorise(Action.SIGN_RESULT, target, actor)
    result = target.results.filter(
        pk=result_id, signed=False, kind=DossierResult.Kind.RESULT
    ).first()
    if result is None:
        raise ValidationError({"result_id": _("Kết quả không tồn tại hoặc đã được ký.")})
    if not result.file:
        raise ValidationError(
            _(
                "Kết quả chưa có tệp PDF để ký số; hãy cập nhật tệp kết quả "
                "(“Cập nhật kết quả giải quyết”) trước khi ký."
            )
        )
    with result.file.open("rb") as handle:
        pdf = read_pdf_upload(handle, max_bytes=settings.MOTCUA_UPLOAD_MAX_BYTES)
    signed = _sign_result_pdf(target, pdf, position=position, config=config)
    with transaction.atomic():
        if not result.electronic:
            result.electronic = True
            result.save(update_fields=["electronic"])
        return _record_signed(
            target,
            result,
            signed,
            result.file.name,
            actor=actor,
            expected_version=expected_version,
            now=now,
        )


def _sign_result_pdf(dossier: Dossier, pdf: bytes, *, position: str, config) -> bytes:
    return signing.sign_pdf(
        pdf,
        config=config,
        reason=_("Ký kết quả giải quyết hồ sơ %(code)s") % {"code": dossier.code},
        location=letterhead_for(dossier.settling_agency).place_name,
        position=position,
    )


def _record_signed(
    dossier: Dossier,
    result,
    signed: bytes,
    source_name: str,
    *,
    actor,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Dossier:
    """Store ``signed`` as the result's file through ``sign_result`` and audit it."""
    from django.core.files.base import ContentFile

    from motcua.dossiers import services as lifecycle

    dossier = lifecycle.sign_result(
        dossier,
        actor=actor,
        expected_version=dossier.version if expected_version is None else expected_version,
        result_id=result.pk,
        signed_file=ContentFile(signed, name=_signed_name(source_name)),
        now=now,
    )
    audit.record(
        "documents.result_signed",
        actor=actor,
        obj=result,
        summary=_("Ký số kết quả của hồ sơ %(code)s") % {"code": dossier.code},
        details={"dossier": dossier.code, "size": len(signed)},
    )
    return dossier


def works_at_issuing_agency(user, dossier: Dossier, kind: str) -> bool:
    """Whether ``user`` holds a role at the agency that issues form ``kind`` of ``dossier``
    (only they may sign it)."""
    from motcua.dossiers.permissions import scope_of

    agency = issuing_agency(dossier, kind)
    return scope_of(user).role_in(agency.pk, Role.values) is not None


def can_sign_form(user, dossier: Dossier, kind: str) -> bool:
    """Whether ``user`` may download form ``kind`` of ``dossier`` signed with the configured key
    (``?ky=1``): a key is configured and the user works at the form's issuing agency."""
    return signing.signing_available() and works_at_issuing_agency(user, dossier, kind)
