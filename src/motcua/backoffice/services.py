"""Writes of the back office. Dossiers change only through ``motcua.dossiers.services``; this
module composes those calls for the counter, and owns the back office's own data: roles of
officials (PL2-6), the navigation settings of both faces, and files kept across a refused form.
Every change of shared data is audited in its transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable, Sequence

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Membership, Role, User
from motcua.core import audit
from motcua.core.text import clean_text
from motcua.directory.models import Agency
from motcua.dossiers import services as lifecycle
from motcua.dossiers.models import Dossier, DossierChannel
from motcua.dossiers.permissions import scope_of
from motcua.dossiers.services.files import ALLOWED_TYPES
from motcua.portal.models import OnlineIntake

from .models import NavSetting, StashedUpload
from .navigation import REGISTRY

# --- counter reception -----------------------------------------------------------------------

RECEIVE, SUPPLEMENT, REFUSE = "receive", "supplement", "refuse"


def counter_reception(
    *,
    actor,
    outcome: str,
    submission: dict,
    key: str = "",
    collect_fees: lifecycle.PaymentData | None = None,
    items: Sequence[str] = (),
    reason: str = "",
) -> Dossier:
    """What the desk decides on a paper dossier — brought in person or arrived by post
    (``submission["channel"]``) — in one transaction: receive (code and appointment at once,
    Mẫu 01), or register the dossier and hand over or send a request to complete it (Mẫu 02) or
    a refusal (Mẫu 03). Nothing is kept if any part is refused.

    ``key`` is the form's one-time token: a second post of the same form (double click, resent
    page, two at once) returns the dossier the first one registered instead of another. It is
    recorded as the portal's online intake is (``OnlineIntake``, unique per channel and key),
    always under the counter channel: the token belongs to the desk's form, whatever way the
    dossier itself came."""
    if key and (existing := counter_dossier_for(key)) is not None:
        return existing
    try:
        with transaction.atomic():
            dossier = _decide(actor, outcome, submission, collect_fees, items, reason)
            if key:
                OnlineIntake.objects.create(
                    channel=DossierChannel.COUNTER,
                    key=key,
                    dossier=dossier,
                    accepted_at=dossier.submitted_at,
                )
    except IntegrityError:
        # The same form was registered meanwhile by a concurrent post: that dossier stands and
        # this one was rolled back (its code given back to the desk's counter).
        existing = counter_dossier_for(key) if key else None
        if existing is None:
            raise
        return existing
    return dossier


def counter_dossier_for(key: str) -> Dossier | None:
    """The dossier registered at a counter by the form with one-time token ``key``."""
    row = (
        OnlineIntake.objects.filter(channel=DossierChannel.COUNTER, key=key)
        .select_related("dossier")
        .first()
    )
    return row.dossier if row else None


def _decide(actor, outcome, submission, collect_fees, items, reason) -> Dossier:
    if outcome == RECEIVE:
        return lifecycle.receive_at_counter(actor=actor, collect_fees=collect_fees, **submission)
    if outcome not in (SUPPLEMENT, REFUSE):
        raise ValidationError(_("Vui lòng chọn cách xử lý hồ sơ."))
    dossier = lifecycle.submit(actor=actor, **submission)
    if outcome == SUPPLEMENT:
        return lifecycle.request_intake_fix(
            dossier,
            actor=actor,
            expected_version=dossier.version,
            items=items,
            reason=reason,
            now=submission.get("now"),
        )
    return lifecycle.refuse_reception(
        dossier,
        actor=actor,
        expected_version=dossier.version,
        reason=reason,
        now=submission.get("now"),
    )


# --- files kept across a refused form ------------------------------------------------------

STASH_TTL = dt.timedelta(hours=12)


def detect_type(head: bytes) -> str:
    kind = filetype.guess(head)
    return kind.mime if kind else ""


def stash_upload(upload, *, user, session_key: str) -> StashedUpload:
    """Keep ``upload`` for this user and session. The type is judged by the content, as the
    lifecycle's file store will judge it again; a wrong file is refused here already so the
    officer learns it while the applicant is still at the counter."""
    limit = settings.MOTCUA_UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” vượt quá dung lượng cho phép (%(max)d MB).")
            % {"name": upload.name, "max": limit // (1024 * 1024)}
        )
    upload.seek(0)
    content_type = detect_type(upload.read(8192))
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(
            _("Tệp “%(name)s” không đúng định dạng cho phép (PDF, JPEG, PNG, TIFF, DOCX, XLSX).")
            % {"name": upload.name}
        )
    upload.seek(0)
    _purge_stale()
    stash = StashedUpload(
        user=user,
        session_key=session_key,
        original_name=(upload.name or "tep").rsplit("/", 1)[-1][:255],
        content_type=content_type,
        size=upload.size,
    )
    stash.file.save(hashlib.sha256(str(stash.token).encode()).hexdigest()[:16], upload, save=False)
    stash.save()
    return stash


def stashed(tokens: Iterable[str], *, user, session_key: str) -> list[StashedUpload]:
    """The user's own kept files among ``tokens`` (anything else is ignored)."""
    valid = [t for t in tokens if _is_uuid(t)]
    if not valid:
        return []
    rows = StashedUpload.objects.filter(token__in=valid, user=user, session_key=session_key)
    return sorted(rows, key=lambda s: valid.index(str(s.token)))


def as_files(stashes: Sequence[StashedUpload]) -> list[ContentFile]:
    files = []
    for stash in stashes:
        with stash.file.open("rb") as handle:
            files.append(ContentFile(handle.read(), name=stash.original_name))
    return files


def discard(stashes: Iterable[StashedUpload]) -> None:
    for stash in stashes:
        stash.file.delete(save=False)
        stash.delete()


def _purge_stale() -> None:
    discard(StashedUpload.objects.filter(created_at__lt=timezone.now() - STASH_TTL)[:50])


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# --- roles of officials (PL2-6) ------------------------------------------------------------

ROLE_ADMINS = (Role.CENTRE_ADMIN, Role.PROVINCE_ADMIN)


def manageable_agencies(actor) -> QuerySet[Agency]:
    """Units whose officials ``actor`` may give roles to: every unit for a province
    administrator, the centre's own units for a centre administrator."""
    scope = scope_of(actor)
    if actor.is_superuser or scope.is_province_admin:
        return Agency.objects.all()
    ids: set[int] = set()
    for role, _agency, below in scope.memberships:
        if role == Role.CENTRE_ADMIN:
            ids |= below
    return Agency.objects.filter(pk__in=ids)


def grantable_roles(actor) -> list[tuple[str, str]]:
    """A centre administrator may give every role but the province administrator's."""
    if actor.is_superuser or scope_of(actor).is_province_admin:
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value != Role.PROVINCE_ADMIN]


def _check_can_manage(actor, agency: Agency, role: str) -> None:
    if not manageable_agencies(actor).filter(pk=agency.pk).exists():
        raise PermissionDenied(
            _("Bạn không quản lý cán bộ của “%(unit)s”.") % {"unit": agency.name}
        )
    if role not in dict(grantable_roles(actor)):
        raise PermissionDenied(_("Bạn không được giao vai trò này."))


def grant_role(
    *,
    actor,
    user: User,
    agency: Agency,
    role: str,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Membership:
    """Give ``user`` ``role`` in ``agency`` (or reactivate the same role there)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    if valid_from and valid_to and valid_to <= valid_from:
        raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày hiệu lực.")})
    _check_can_manage(actor, agency, role)
    if not user.is_active:
        raise ValidationError({"user": _("Tài khoản này đang bị khóa.")})
    with transaction.atomic():
        membership, created = Membership.objects.select_for_update().get_or_create(
            user=user,
            agency=agency,
            role=role,
            defaults={"valid_from": valid_from, "valid_to": valid_to, "is_active": True},
        )
        if not created:
            if membership.is_active and membership.in_force_on(timezone.localdate()):
                raise ValidationError(_("Cán bộ đã có vai trò này tại đơn vị này."))
            membership.is_active = True
            membership.valid_from = valid_from
            membership.valid_to = valid_to
            membership.save()
        audit.record(
            "backoffice.role_granted",
            actor=actor,
            obj=membership,
            summary=_("Giao vai trò %(role)s tại %(unit)s cho %(user)s")
            % {"role": Role(role).label, "unit": agency.name, "user": user},
            details={"user_id": user.pk, "agency_id": agency.pk, "role": role},
        )
    return membership


def end_role(*, actor, membership: Membership) -> Membership:
    """Withdraw a role from today; the row stays (who held what, when)."""
    _check_can_manage(actor, membership.agency, membership.role)
    if membership.user_id == actor.pk and membership.role in ROLE_ADMINS:
        raise ValidationError(_("Không thể tự thu hồi vai trò quản trị của chính mình."))
    today = timezone.localdate()
    with transaction.atomic():
        membership.is_active = False
        if membership.valid_to is None or membership.valid_to > today:
            membership.valid_to = today
        if membership.valid_from and membership.valid_from > today:
            membership.valid_from = None
        membership.save()
        audit.record(
            "backoffice.role_ended",
            actor=actor,
            obj=membership,
            summary=_("Thu hồi vai trò %(role)s tại %(unit)s của %(user)s")
            % {
                "role": membership.get_role_display(),
                "unit": membership.agency.name,
                "user": membership.user,
            },
            details={"user_id": membership.user_id, "agency_id": membership.agency_id},
        )
    return membership


# --- navigation of both faces ----------------------------------------------------------------


def can_configure_navigation(user) -> bool:
    return user.is_superuser or scope_of(user).is_province_admin


def save_navigation(*, actor, face: str, groups: list[dict], items: list[dict]) -> None:
    """Store the province's order, labels and visibility for ``face``. ``groups`` and ``items``
    are dicts with ``key``, ``order``, ``label_vi``, ``label_en``, ``visible`` (items also
    ``group``); every entry of the face must be given, so the stored layout is complete."""
    if not can_configure_navigation(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống tỉnh được sắp xếp chức năng."))
    definition = REGISTRY.get(face)
    if definition is None:
        raise ValidationError(_("Phân hệ không hợp lệ."))
    group_keys = [g.key for g in definition.groups]
    item_keys = [i.key for i in definition.items]
    errors: list[str] = []
    cleaned_groups = _clean_entries(groups, group_keys, errors)
    cleaned_items = _clean_entries(items, item_keys, errors)
    for entry in cleaned_items:
        if entry["group"] not in group_keys:
            errors.append(_("Chức năng “%(key)s” thuộc nhóm không tồn tại.") % entry)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for kind, entries in (
            (NavSetting.Kind.GROUP, cleaned_groups),
            (NavSetting.Kind.ITEM, cleaned_items),
        ):
            for entry in entries:
                NavSetting.objects.update_or_create(
                    face=face,
                    kind=kind,
                    key=entry["key"],
                    defaults={
                        "order": entry["order"],
                        "label_vi": entry["label_vi"],
                        "label_en": entry["label_en"],
                        "visible": entry["visible"],
                        "group": entry.get("group", "") if kind == NavSetting.Kind.ITEM else "",
                        "updated_by": actor,
                    },
                )
        audit.record(
            "backoffice.navigation_saved",
            actor=actor,
            summary=_("Cập nhật bố cục chức năng: %(face)s") % {"face": face},
            details={
                "face": face,
                "groups": [(g["key"], g["order"], g["visible"]) for g in cleaned_groups],
                "items": [(i["key"], i["group"], i["order"], i["visible"]) for i in cleaned_items],
            },
        )


def _clean_entries(entries: list[dict], keys: list[str], errors: list[str]) -> list[dict]:
    given = [e.get("key") for e in entries]
    if sorted(given) != sorted(keys):
        errors.append(_("Danh sách chức năng không đầy đủ; vui lòng tải lại trang."))
        return []
    cleaned = []
    for entry in entries:
        try:
            order = int(entry.get("order"))
        except (TypeError, ValueError):
            order = -1
        if not 0 <= order <= 999:
            errors.append(_("Thứ tự phải là số từ 0 đến 999."))
        row = {
            "key": entry["key"],
            "order": order,
            "label_vi": clean_text(str(entry.get("label_vi") or "")),
            "label_en": clean_text(str(entry.get("label_en") or "")),
            "visible": bool(entry.get("visible")),
            "group": str(entry.get("group") or ""),
        }
        if len(row["label_vi"]) > 100 or len(row["label_en"]) > 100:
            errors.append(_("Tên hiển thị tối đa 100 ký tự."))
        cleaned.append(row)
    return cleaned


def reset_navigation(*, actor, face: str) -> None:
    """Back to the built-in layout of ``face``."""
    if not can_configure_navigation(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống tỉnh được sắp xếp chức năng."))
    with transaction.atomic():
        deleted, _by_model = NavSetting.objects.filter(face=face).delete()
        audit.record(
            "backoffice.navigation_reset",
            actor=actor,
            summary=_("Khôi phục bố cục chức năng mặc định: %(face)s") % {"face": face},
            details={"face": face, "rows": deleted},
        )
