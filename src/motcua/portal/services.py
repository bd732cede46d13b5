"""Preparing a dossier on the portal (drafts), the citizen's document store, and submitting.

Every change is audited in its own transaction. Submitting goes through
``intake.accept_online_submission`` — the path online dossiers from the national portal take
too — and is idempotent per draft.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Organisation, OrganisationMember
from motcua.accounts.services import organisations_for
from motcua.accounts.validators import normalise_phone
from motcua.catalog.models import Case, ComponentRequirement, OnlineLevel, ProcedureVersion
from motcua.catalog.search import versions_in_force
from motcua.core import audit
from motcua.directory.models import Agency
from motcua.dossiers import services as lifecycle
from motcua.dossiers.models import (
    ApplicantKind,
    Dossier,
    DossierChannel,
    DossierResult,
    ReturnMethod,
)
from motcua.dossiers.services.files import ALLOWED_TYPES
from motcua.dossiers.states import State

from . import eforms, intake
from .models import StoredDocument, Submission, SubmissionFile

ALLOWED_LABEL = "PDF, JPEG, PNG, TIFF, DOCX, XLSX"
# What the browser's file picker offers; the content is still checked on the server.
ACCEPT = ".pdf,.jpg,.jpeg,.png,.tif,.tiff,.docx,.xlsx"


def max_upload_mb() -> float:
    return settings.MOTCUA_UPLOAD_MAX_BYTES / (1024 * 1024)


# --- who files, and for whom ------------------------------------------------------------------


def _require_filer(user) -> None:
    if not getattr(user, "is_authenticated", False) or not user.can_file:
        raise PermissionDenied(
            _(
                "Tài khoản cần được xác minh (thư điện tử, số điện thoại hoặc định danh điện tử) "
                "trước khi nộp hồ sơ trực tuyến."
            )
        )


def _check_owner(submission: Submission, user) -> None:
    if submission.owner_id != getattr(user, "pk", None):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))
    if not submission.is_draft:
        raise ValidationError(_("Hồ sơ đã được nộp; không thể sửa bản nháp nữa."))


def drafts_of(user, organisation: Organisation | None = None) -> QuerySet[Submission]:
    return Submission.objects.filter(
        owner=user, organisation=organisation, status=Submission.Status.DRAFT
    ).select_related("procedure_version__procedure", "case")


def fileable_version(procedure) -> ProcedureVersion | None:
    """The version in force of ``procedure`` if it can be filed online, else ``None``."""
    version = versions_in_force().filter(procedure=procedure).first()
    if version is None or version.online_level == OnlineLevel.INFORMATION:
        return None
    if version.channels and "online" not in version.channels:
        return None
    return version


# --- drafts -----------------------------------------------------------------------------------


def start(
    *, user, version: ProcedureVersion, organisation: Organisation | None = None
) -> Submission:
    """A new draft, pre-filled from the account and the applicant's earlier dossiers."""
    _require_filer(user)
    if organisation is not None and not organisations_for(user).filter(pk=organisation.pk):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thủ tục thay mặt tổ chức này."))
    schema, layout = eforms.form_of(version)
    earlier = previous_form_data(user, organisation)
    filled = eforms.prefill(schema, layout, eforms.profile_values(user, organisation), earlier).data
    cases = list(version.cases.all())
    competent = intake.competent_agencies(version)
    settling = competent[0] if len(competent) == 1 else None
    with transaction.atomic():
        submission = Submission.objects.create(
            owner=user,
            organisation=organisation,
            procedure_version=version,
            case=cases[0] if len(cases) == 1 else None,
            settling_agency=settling,
            receiving_agency=intake.default_desk(settling),
            form_data=filled,
            return_method=ReturnMethod.ONLINE,
            delivery_address=(organisation.address if organisation else user.address) or "",
        )
        _audit("portal.draft_started", user, submission)
    return submission


def previous_form_data(user, organisation: Organisation | None = None, limit: int = 20):
    """Answers of the applicant's latest dossiers, newest first (for pre-filling)."""
    if organisation is not None:
        qs = Dossier.objects.filter(portal_submission__organisation=organisation)
    else:
        qs = Dossier.objects.filter(owner=user, applicant_kind=ApplicantKind.PERSON)
    return [d for d in qs.order_by("-submitted_at").values_list("form_data", flat=True)[:limit]]


def _audit(action: str, user, submission: Submission, **details) -> None:
    audit.record(
        action,
        actor=user,
        obj=submission,
        summary=f"{submission.procedure_version.procedure.national_code}: {submission.key}",
        details={"submission": str(submission.key), **details},
    )


def choose_case(
    submission: Submission,
    *,
    user,
    case: Case | None,
    settling_agency: Agency | None,
    receiving_agency: Agency | None,
) -> Submission:
    """The case, the competent authority and the desk; all checked against the catalogue."""
    _check_owner(submission, user)
    version = submission.procedure_version
    errors: dict[str, str] = {}
    if case is None or case.version_id != version.pk:
        errors["case"] = _("Vui lòng chọn trường hợp của bạn.")
    competent = intake.competent_agencies(version)
    if competent and settling_agency not in competent:
        errors["settling_agency"] = _("Vui lòng chọn cơ quan có thẩm quyền giải quyết.")
    if receiving_agency is None or not intake.desks().filter(pk=receiving_agency.pk).exists():
        errors["receiving_agency"] = _("Vui lòng chọn nơi tiếp nhận hồ sơ.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if submission.case_id != case.pk:
            # Components differ per case: files attached for another case no longer apply.
            submission.files.exclude(
                Q(requirement__case__isnull=True) | Q(requirement__case=case)
            ).delete()
        submission.case = case
        submission.settling_agency = settling_agency if competent else None
        submission.receiving_agency = receiving_agency
        submission.save()
        _audit("portal.draft_case", user, submission, case=case.pk)
    return submission


def save_form(submission: Submission, *, user, data: dict) -> Submission:
    """Keep the answers as typed, valid or not: a draft never loses what was written."""
    _check_owner(submission, user)
    with transaction.atomic():
        submission.form_data = data
        submission.save(update_fields=["form_data", "updated_at"])
        _audit("portal.draft_form", user, submission)
    return submission


def save_delivery(submission: Submission, *, user, method: str, address: str) -> Submission:
    _check_owner(submission, user)
    address = (address or "").strip()
    if method not in ReturnMethod.values:
        raise ValidationError({"return_method": _("Vui lòng chọn cách nhận kết quả.")})
    if method == ReturnMethod.POST and not address:
        raise ValidationError(
            {"delivery_address": _("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.")}
        )
    with transaction.atomic():
        submission.return_method = method
        submission.delivery_address = address[:300]
        submission.save(update_fields=["return_method", "delivery_address", "updated_at"])
        _audit("portal.draft_delivery", user, submission, method=method)
    return submission


def reach(submission: Submission, step: str, steps: Sequence[str]) -> None:
    """Remember the furthest step reached (resuming a draft goes there)."""
    if steps.index(step) > (steps.index(submission.step) if submission.step in steps else -1):
        submission.step = step
        submission.save(update_fields=["step", "updated_at"])


def discard(submission: Submission, *, user) -> None:
    _check_owner(submission, user)
    with transaction.atomic():
        _audit("portal.draft_discarded", user, submission)
        submission.delete()


# --- components -------------------------------------------------------------------------------


def requirements(submission: Submission) -> list[ComponentRequirement]:
    """The components of the chosen case (general ones and the case's own)."""
    rows = ComponentRequirement.objects.filter(version=submission.procedure_version)
    return [r for r in rows.order_by("sort_order", "id") if r.case_id in (None, submission.case_id)]


def declaration_name(submission: Submission) -> str:
    """The component the e-form stands for (the "tờ khai"), named in the layout."""
    _schema, layout = eforms.form_of(submission.procedure_version)
    return layout.get("declaration_component", "")


def needs_upload(requirement: ComponentRequirement, declaration: str) -> bool:
    """Required, not shown in person at the counter, and not the e-form itself."""
    return (
        requirement.required
        and requirement.form != ComponentRequirement.Form.PRESENT
        and requirement.name != declaration
    )


def missing_components(submission: Submission) -> list[ComponentRequirement]:
    declaration = declaration_name(submission)
    attached = set(submission.files.values_list("requirement_id", flat=True))
    return [
        r for r in requirements(submission) if needs_upload(r, declaration) and r.pk not in attached
    ]


@dataclass
class CheckedUpload:
    upload: File
    content_type: str
    sha256: str
    size: int


def check_upload(upload: File) -> CheckedUpload:
    """Size and type of an upload, the type read from its content (a renamed executable is
    refused). Raises ``ValidationError`` naming the file."""
    name = (upload.name or "").rsplit("/", 1)[-1]
    size = upload.size or 0
    if size > settings.MOTCUA_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” (%(size)s MB) vượt quá dung lượng tối đa %(max)s MB.")
            % {"name": name, "size": _mb(size), "max": _mb(settings.MOTCUA_UPLOAD_MAX_BYTES)},
            code="too_big",
        )
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    upload.seek(0)
    head = upload.read(8192)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("Tệp “%(name)s” không đúng định dạng cho phép (%(types)s).")
            % {"name": name, "types": ALLOWED_LABEL},
            code="type",
        )
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(upload, kind.mime, digest.hexdigest(), size)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


def _store(checked: CheckedUpload, *, user, organisation, title: str, now) -> StoredDocument:
    name = (checked.upload.name or "").rsplit("/", 1)[-1][:255] or "tep"
    document = StoredDocument(
        owner=user,
        organisation=organisation,
        title=(title or name)[:255],
        original_name=name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_at=now,
    )
    document.file.save(checked.sha256, checked.upload, save=False)
    document.save()
    return document


def store_document(
    *, user, upload: File, title: str = "", organisation: Organisation | None = None
) -> StoredDocument:
    """Add a file to the citizen's (or the organisation's) store."""
    checked = check_upload(upload)
    with transaction.atomic():
        document = _store(
            checked, user=user, organisation=organisation, title=title, now=timezone.now()
        )
        audit.record(
            "portal.document_stored",
            actor=user,
            obj=document,
            summary=document.title,
            details={"size": document.size, "type": document.content_type},
        )
    return document


def hide_document(document: StoredDocument, *, user) -> None:
    """Take a document out of the store's list; drafts that use it keep it."""
    if not document_visible(document, user):
        raise PermissionDenied(_("Bạn không có quyền với giấy tờ này."))
    with transaction.atomic():
        document.hidden_at = timezone.now()
        document.save(update_fields=["hidden_at"])
        audit.record("portal.document_hidden", actor=user, obj=document, summary=document.title)


def documents_of(user, organisation: Organisation | None = None) -> QuerySet[StoredDocument]:
    qs = StoredDocument.objects.filter(hidden_at__isnull=True)
    if organisation is not None:
        return qs.filter(organisation=organisation)
    return qs.filter(owner=user, organisation__isnull=True)


def document_visible(document: StoredDocument, user) -> bool:
    if document.organisation_id is not None:
        return organisations_for(user).filter(pk=document.organisation_id).exists()
    return document.owner_id == getattr(user, "pk", None)


def results_of(user, organisation: Organisation | None = None) -> QuerySet[DossierResult]:
    """Electronic results of the applicant's dossiers (reusable as components)."""
    qs = DossierResult.objects.exclude(file="").filter(kind=DossierResult.Kind.RESULT)
    if organisation is not None:
        qs = qs.filter(dossier__portal_submission__organisation=organisation)
    else:
        qs = qs.filter(dossier__owner=user)
    return qs.select_related("dossier").order_by("-recorded_at", "-id")


@dataclass
class UploadOutcome:
    added: list[SubmissionFile]
    errors: list[str]


def attach_uploads(
    submission: Submission, *, user, requirement: ComponentRequirement, uploads: Iterable[File]
) -> UploadOutcome:
    """Attach each upload to ``requirement`` on its own: a refused file (type, size, count) is
    reported and the others, and every file attached before, stay (PL3-4)."""
    _check_owner(submission, user)
    _check_requirement(submission, requirement)
    outcome = UploadOutcome([], [])
    for upload in uploads:
        try:
            _check_count(submission, requirement)
            checked = check_upload(upload)
        except ValidationError as exc:
            outcome.errors.extend(exc.messages)
            continue
        with transaction.atomic():
            now = timezone.now()
            document = _store(
                checked,
                user=user,
                organisation=submission.organisation,
                title=requirement.name[:255],
                now=now,
            )
            attached = SubmissionFile.objects.create(
                submission=submission, requirement=requirement, document=document, added_at=now
            )
            _audit(
                "portal.draft_file_added",
                user,
                submission,
                requirement=requirement.pk,
                file=document.original_name,
            )
        outcome.added.append(attached)
    Submission.objects.filter(pk=submission.pk).update(updated_at=timezone.now())
    return outcome


def reuse(
    submission: Submission,
    *,
    user,
    requirement: ComponentRequirement,
    documents: Iterable[int] = (),
    results: Iterable[int] = (),
) -> list[SubmissionFile]:
    """Attach documents from the store and earlier results (the applicant's own only)."""
    _check_owner(submission, user)
    _check_requirement(submission, requirement)
    own_documents = documents_of(user, submission.organisation).filter(pk__in=list(documents))
    own_results = results_of(user, submission.organisation).filter(pk__in=list(results))
    sources = [("document", d) for d in own_documents] + [("result", r) for r in own_results]
    added = []
    with transaction.atomic():
        for attr, source in sources:
            if submission.files.filter(requirement=requirement, **{attr: source}).exists():
                continue
            _check_count(submission, requirement)
            added.append(
                SubmissionFile.objects.create(
                    submission=submission,
                    requirement=requirement,
                    reused=True,
                    added_at=timezone.now(),
                    **{attr: source},
                )
            )
        if added:
            _audit("portal.draft_file_reused", user, submission, requirement=requirement.pk)
    return added


def remove_file(submission: Submission, *, user, file_id: int) -> None:
    _check_owner(submission, user)
    with transaction.atomic():
        deleted, _rows = submission.files.filter(pk=file_id).delete()
        if deleted:
            _audit("portal.draft_file_removed", user, submission, file=file_id)


def _check_requirement(submission: Submission, requirement: ComponentRequirement) -> None:
    if requirement.pk not in {r.pk for r in requirements(submission)}:
        raise ValidationError(_("Thành phần hồ sơ không thuộc trường hợp đã chọn."))


def _check_count(submission: Submission, requirement: ComponentRequirement) -> None:
    if submission.files.filter(requirement=requirement).count() >= requirement.max_files:
        raise ValidationError(
            _("“%(name)s” chỉ nhận tối đa %(n)d tệp; hãy bỏ bớt tệp trước khi thêm.")
            % {"name": requirement.name, "n": requirement.max_files},
            code="count",
        )


# --- submitting -------------------------------------------------------------------------------


def problems(submission: Submission) -> dict[str, list[str]]:
    """What still stops the draft from being submitted, by wizard step."""
    result: dict[str, list[str]] = {}
    if submission.case_id is None or submission.receiving_agency_id is None:
        result["case"] = [_("Chưa chọn trường hợp và nơi tiếp nhận hồ sơ.")]
    schema, layout = eforms.form_of(submission.procedure_version)
    if eforms.validate(schema, layout, submission.form_data):
        result["form"] = [_("Tờ khai còn thông tin chưa đúng hoặc chưa điền.")]
    missing = missing_components(submission) if submission.case_id else []
    if missing:
        result["components"] = [_("Chưa đính kèm: %(name)s.") % {"name": r.name} for r in missing]
    if not submission.return_method:
        result["delivery"] = [_("Chưa chọn cách nhận kết quả.")]
    return result


def submit(submission: Submission, *, user, now: dt.datetime | None = None) -> Dossier:
    """File the draft as a dossier (status 1, in the desk's intake queue). Pressing again —
    double click, back button, another tab — returns the same dossier."""
    with transaction.atomic():
        locked = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("procedure_version__procedure", "case", "organisation")
            .get(pk=submission.pk)
        )
        if locked.dossier_id is not None:
            return locked.dossier
        if locked.owner_id != getattr(user, "pk", None):
            raise PermissionDenied(_("Bạn không có quyền nộp hồ sơ này."))
        _require_filer(user)
        found = problems(locked)
        if found:
            raise ValidationError([m for messages in found.values() for m in messages])
        version = locked.procedure_version
        _schema, layout = eforms.form_of(version)
        with ExitStack() as stack:
            dossier = intake.accept_online_submission(
                channel=DossierChannel.ONLINE_PORTAL,
                key=str(locked.key),
                actor=user,
                owner=user,
                procedure_version=version,
                case=locked.case,
                receiving_agency=locked.receiving_agency,
                settling_agency=locked.settling_agency,
                applicant=_applicant(locked, layout),
                submitter=_submitter(locked),
                form_data=locked.form_data,
                summary=eforms.summary(layout, locked.form_data),
                components=_components(locked, stack),
                return_method=locked.return_method,
                delivery_address=locked.delivery_address,
                now=now,
            )
        locked.dossier = dossier
        locked.status = Submission.Status.SUBMITTED
        locked.submitted_at = dossier.submitted_at
        locked.save()
        _audit("portal.draft_submitted", user, locked, dossier=dossier.code)
    return dossier


def _applicant(submission: Submission, layout: dict) -> lifecycle.ApplicantData:
    user, organisation = submission.owner, submission.organisation
    if organisation is not None:
        return lifecycle.ApplicantData(
            kind=ApplicantKind.ORGANISATION,
            name=organisation.name,
            id_number=organisation.tax_code,
            address=organisation.address,
            phone=organisation.phone or user.phone,
            email=organisation.email or user.email,
        )
    typed = eforms.applicant_values(layout, submission.form_data)
    birth = typed.get("date_of_birth")
    phone = typed.get("phone") or user.phone
    # Kept as typed when it is no mobile number; the e-form's own check decides on that.
    with contextlib.suppress(ValidationError):
        phone = normalise_phone(phone) if phone else ""
    return lifecycle.ApplicantData(
        kind=ApplicantKind.PERSON,
        name=typed.get("full_name") or str(user),
        id_number=(typed.get("id_number") or user.id_number or "").replace(" ", ""),
        date_of_birth=dt.date.fromisoformat(birth) if birth else user.date_of_birth,
        address=typed.get("address") or user.address,
        phone=phone,
        email=typed.get("email") or user.email,
    )


def _submitter(submission: Submission) -> lifecycle.SubmitterData | None:
    if submission.organisation is None:
        return None
    user = submission.owner
    member = OrganisationMember.objects.filter(
        organisation=submission.organisation, user=user
    ).first()
    return lifecycle.SubmitterData(
        name=str(user),
        id_number=user.id_number,
        phone=user.phone,
        relation=member.get_role_display() if member else "",
    )


def _components(submission: Submission, stack: ExitStack) -> list[lifecycle.ComponentData]:
    declaration = declaration_name(submission)
    attached: dict[int, list[SubmissionFile]] = {}
    for row in submission.files.select_related("document", "result"):
        attached.setdefault(row.requirement_id, []).append(row)
    components = []
    for requirement in requirements(submission):
        rows = attached.get(requirement.pk, [])
        if not rows and not requirement.required:
            continue
        files = []
        for row in rows:
            source = row.document.file if row.document_id else row.result.file
            handle = stack.enter_context(source.open("rb"))
            files.append(File(handle, name=row.name))
        results = [row.result for row in rows if row.result_id]
        components.append(
            lifecycle.ComponentData(
                name=requirement.name,
                requirement_id=requirement.pk,
                form=requirement.form,
                quantity=requirement.quantity,
                digitised=requirement.name == declaration,  # the e-form's data is the tờ khai
                from_citizen_store=any(row.reused for row in rows),
                reused_from_result=bool(results),
                result_code_substitute=next((r.result_code for r in results if r.result_code), ""),
                files=files,
            )
        )
    return components


# --- answering a supplement request ----------------------------------------------------------


def answer_supplement(
    dossier: Dossier,
    *,
    user,
    expected_version: int,
    uploads: dict[str, list[File]],
    note: str = "",
    organisation: Organisation | None = None,
) -> Dossier:
    """Send what the desk or the authority asked for: files per requested item (each checked
    first; one refused file refuses the answer and nothing is written), kept in the citizen's
    store too. Before reception this resubmits the dossier to the intake queue; after, the
    authority's clock resumes."""
    checked: dict[str, list[CheckedUpload]] = {}
    errors = []
    for item, files in uploads.items():
        for upload in files:
            try:
                checked.setdefault(item, []).append(check_upload(upload))
            except ValidationError as exc:
                errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    if not checked and not note.strip():
        raise ValidationError(_("Vui lòng đính kèm giấy tờ được yêu cầu hoặc ghi rõ nội dung."))
    with transaction.atomic():
        now = timezone.now()
        components = []
        for item, uploads_checked in checked.items():
            files = []
            for one in uploads_checked:
                document = _store(one, user=user, organisation=organisation, title=item, now=now)
                files.append(File(one.upload, name=document.original_name))
            components.append(lifecycle.ComponentData(name=item[:1000], files=files))
        if dossier.state == State.INTAKE_FIX_REQUESTED:
            return lifecycle.resubmit(
                dossier,
                actor=user,
                expected_version=expected_version,
                components=components,
                note=note.strip(),
                now=now,
            )
        return lifecycle.receive_supplement(
            dossier,
            actor=user,
            expected_version=expected_version,
            components=components,
            note=note.strip(),
            now=now,
        )
