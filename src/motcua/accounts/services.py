"""Citizen accounts: sign-up, proof of e-mail and phone, passwords, profile, organisations,
and sign-in through the national identity (VNeID / national portal).

Every change goes through here, in one transaction with its audit entry. Messages (links,
codes) go out through ``motcua.notifications`` after the transaction commits.
"""

from __future__ import annotations

import datetime
import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override

from motcua.core import audit
from motcua.core.text import clean_text
from motcua.notifications.models import Notification
from motcua.notifications.services import Contact, notify

from .backends import find_user_by_identifier
from .models import (
    ExternalIdentity,
    OneTimeCode,
    Organisation,
    OrganisationMember,
    OrganisationRole,
)
from .validators import (
    clean_id_number,
    clean_tax_code,
    normalise_phone,
    parse_id_number,
    validate_tax_code,
)

logger = logging.getLogger(__name__)
User = get_user_model()

_EMAIL_LINK_SALT = "motcua.accounts.verify-email"


def _url(path: str) -> str:
    """Links in messages point at the public address, never at the request's Host header."""
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + path


def _normalise_email(value: str) -> str:
    return (value or "").strip().lower()


def _check_contacts_free(email: str, phone: str, *, exclude=None) -> None:
    errors: dict[str, list[str]] = {}
    others = User.objects.exclude(pk=exclude.pk) if exclude is not None else User.objects.all()
    if email and others.filter(email__iexact=email).exists():
        errors["email"] = [
            _(
                "Địa chỉ thư điện tử này đã được dùng cho một tài khoản khác. Nếu đó là tài "
                "khoản của bạn, hãy đăng nhập hoặc đặt lại mật khẩu."
            )
        ]
    if phone and others.filter(phone=phone).exists():
        errors["phone"] = [
            _(
                "Số điện thoại này đã được dùng cho một tài khoản khác. Nếu đó là tài khoản của "
                "bạn, hãy đăng nhập hoặc đặt lại mật khẩu."
            )
        ]
    if errors:
        raise ValidationError(errors)


def _free_username(base: str) -> str:
    base = base[:140]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


# --- sign-up and verification -------------------------------------------------------------------


def sign_up(
    *, full_name: str, password: str, email: str = "", phone: str = "", language: str = "vi"
) -> User:
    """Create a citizen account identified by an e-mail address and/or a mobile number.

    The account can sign in at once but may not file dossiers until one contact is proven:
    a link goes to the e-mail address, a 6-digit code to the phone.
    """
    full_name = clean_text(full_name)
    email = _normalise_email(email)
    phone = normalise_phone(phone) if phone else ""
    if not full_name:
        raise ValidationError({"full_name": [_("Vui lòng nhập họ và tên.")]})
    if not (email or phone):
        raise ValidationError(
            _("Vui lòng nhập địa chỉ thư điện tử hoặc số điện thoại di động (ít nhất một).")
        )
    _check_contacts_free(email, phone)
    user = User(
        username=_free_username(email or phone),
        full_name=full_name,
        email=email,
        phone=phone,
        language=language if language in dict(settings.LANGUAGES) else "vi",
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            audit.record(
                "accounts.signed_up",
                actor=user,
                obj=user,
                summary=full_name,
                details={"email": bool(email), "phone": bool(phone)},
            )
            if email:
                _send_email_verification(user)
            if phone:
                _send_code(user, OneTimeCode.Purpose.VERIFY_PHONE, phone)
    except IntegrityError as exc:  # a concurrent sign-up took the same contact
        _check_contacts_free(email, phone)
        raise ValidationError(_("Không tạo được tài khoản, vui lòng thử lại.")) from exc
    return user


def email_verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=_EMAIL_LINK_SALT)


def _send_email_verification(user: User) -> None:
    link = _url(reverse("accounts:verify_email", args=[email_verification_token(user)]))
    notify(
        Contact(name=str(user), email=user.email, user=user),
        "account.email_verification",
        {"link": link, "valid_hours": str(settings.MOTCUA_EMAIL_LINK_TTL_HOURS)},
        channels=["email"],
        related=user,
    )


def resend_email_verification(user: User) -> None:
    if not user.email:
        raise ValidationError(_("Tài khoản chưa có địa chỉ thư điện tử."))
    if user.email_verified_at:
        raise ValidationError(_("Địa chỉ thư điện tử đã được xác minh."))
    _throttle("account.email_verification", user.email)
    with transaction.atomic():
        _send_email_verification(user)


def verify_email(token: str) -> User:
    """Mark the e-mail address in a verification link as proven (idempotent)."""
    try:
        data = signing.loads(
            token, salt=_EMAIL_LINK_SALT, max_age=settings.MOTCUA_EMAIL_LINK_TTL_HOURS * 3600
        )
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _("Liên kết xác minh đã hết hạn. Vui lòng đăng nhập và yêu cầu gửi lại liên kết."),
            code="expired",
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("Liên kết xác minh không hợp lệ."), code="invalid") from exc
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data.get("u")).first()
        if user is None or _normalise_email(user.email) != data.get("e"):
            raise ValidationError(
                _("Liên kết xác minh không còn dùng được vì địa chỉ thư điện tử đã thay đổi."),
                code="stale",
            )
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
            audit.record("accounts.email_verified", actor=user, obj=user)
    return user


def _code_hash(salt: str, code: str) -> str:
    return salted_hmac("motcua.accounts.otp", f"{salt}:{code}", algorithm="sha256").hexdigest()


def _throttle(kind: str, address: str) -> None:
    """At most one message per ``MOTCUA_OTP_RESEND_SECONDS`` and ``MOTCUA_OTP_MAX_PER_HOUR`` an
    hour to one address, counted from the notification log (shared by every web process)."""
    now = timezone.now()
    sent = Notification.objects.filter(
        kind=kind, address=address, created_at__gte=now - datetime.timedelta(hours=1)
    )
    last = sent.order_by("-created_at").values_list("created_at", flat=True).first()
    wait = settings.MOTCUA_OTP_RESEND_SECONDS
    if last is not None and (now - last).total_seconds() < wait:
        remaining = int(wait - (now - last).total_seconds()) + 1
        raise ValidationError(
            _("Vui lòng đợi %(seconds)d giây trước khi yêu cầu gửi lại."),
            code="throttled",
            params={"seconds": remaining},
        )
    if sent.count() >= settings.MOTCUA_OTP_MAX_PER_HOUR:
        raise ValidationError(
            _("Bạn đã yêu cầu gửi quá nhiều lần trong một giờ. Vui lòng thử lại sau."),
            code="throttled_hour",
        )


_CODE_KINDS = {
    OneTimeCode.Purpose.VERIFY_PHONE: "account.phone_code",
    OneTimeCode.Purpose.RESET_PASSWORD: "account.password_reset_code",
}


def _send_code(user: User, purpose: str, phone: str) -> None:
    code = f"{secrets.randbelow(10**6):06d}"
    salt = secrets.token_hex(16)
    OneTimeCode.objects.create(
        user=user,
        purpose=purpose,
        destination=phone,
        salt=salt,
        code_hash=_code_hash(salt, code),
        expires_at=timezone.now() + datetime.timedelta(seconds=settings.MOTCUA_OTP_TTL_SECONDS),
    )
    notify(
        Contact(name=str(user), phone=phone, user=user),
        _CODE_KINDS[purpose],
        {"code": code, "valid_minutes": str(settings.MOTCUA_OTP_TTL_SECONDS // 60)},
        channels=["sms"],
        related=user,
    )


def send_phone_code(user: User) -> None:
    """(Re)send the code that proves the account's phone number."""
    if not user.phone:
        raise ValidationError(_("Tài khoản chưa có số điện thoại."))
    if user.phone_verified_at:
        raise ValidationError(_("Số điện thoại đã được xác minh."))
    _throttle("account.phone_code", user.phone)
    with transaction.atomic():
        _send_code(user, OneTimeCode.Purpose.VERIFY_PHONE, user.phone)


def _consume_code(user: User, purpose: str, destination: str, code: str) -> None:
    """Accept ``code`` if it is the newest live one; count wrong tries (kept even though the
    caller's action fails: the attempt limit is what makes 6 digits safe). Call it outside any
    transaction that the error would roll back."""
    code = (code or "").strip()
    with transaction.atomic():
        otp = (
            OneTimeCode.objects.select_for_update()
            .filter(user=user, purpose=purpose, destination=destination, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if otp is None or otp.expires_at <= timezone.now():
            error = ValidationError(
                _("Mã xác minh đã hết hạn hoặc chưa được gửi. Vui lòng yêu cầu mã mới."),
                code="code_expired",
            )
        elif otp.attempts >= settings.MOTCUA_OTP_MAX_ATTEMPTS:
            error = ValidationError(
                _("Bạn đã nhập sai quá số lần cho phép. Vui lòng yêu cầu mã mới."),
                code="code_locked",
            )
        elif not hmac.compare_digest(otp.code_hash, _code_hash(otp.salt, code)):
            otp.attempts += 1
            otp.save(update_fields=["attempts"])
            left = settings.MOTCUA_OTP_MAX_ATTEMPTS - otp.attempts
            error = ValidationError(
                _("Mã xác minh không đúng. Bạn còn %(left)d lần thử."),
                code="code_wrong",
                params={"left": left},
            )
        else:
            otp.used_at = timezone.now()
            otp.save(update_fields=["used_at"])
            return
    raise error


def verify_phone(user: User, code: str) -> User:
    # Checked in its own transaction: a wrong try must stay counted although this call fails.
    _consume_code(user, OneTimeCode.Purpose.VERIFY_PHONE, user.phone, code)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.phone_verified_at = timezone.now()
        user.save(update_fields=["phone_verified_at"])
        audit.record("accounts.phone_verified", actor=user, obj=user)
    return user


# --- passwords ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResetRequest:
    channel: str  # "email" | "sms" | "" (nothing sent; the caller says the same either way)
    phone: str = ""


def request_password_reset(identifier: str) -> ResetRequest:
    """Send a reset link (e-mail) or code (SMS) to the account the identifier names.

    An e-mail address gets a link, a phone number a code; a username uses the e-mail if the
    account has one. The answer to the visitor must not reveal whether the account exists.
    """
    user = find_user_by_identifier(identifier)
    if user is None or not user.is_active:
        return ResetRequest(channel="")
    if "@" in identifier:
        by_phone = False
    elif user.username == identifier.strip():
        by_phone = not user.email and bool(user.phone)
    else:  # the identifier was the phone number
        by_phone = True
    if by_phone:
        _throttle("account.password_reset_code", user.phone)
        with transaction.atomic():
            _send_code(user, OneTimeCode.Purpose.RESET_PASSWORD, user.phone)
        return ResetRequest(channel="sms", phone=user.phone)
    if not user.email:
        return ResetRequest(channel="")
    _throttle("account.password_reset_link", user.email)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = _url(reverse("accounts:password_reset_confirm", args=[uid, token]))
    with transaction.atomic():
        notify(
            Contact(name=str(user), email=user.email, user=user),
            "account.password_reset_link",
            {"link": link},
            channels=["email"],
            related=user,
        )
    return ResetRequest(channel="email")


def _validated_password(user: User, password: str, field: str = "new_password1") -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def _password_set(user: User, how: str) -> None:
    """Audit and tell the owner (a changed password they did not make is an alarm)."""
    audit.record("accounts.password_changed", actor=user, obj=user, details={"how": how})
    with override(user.language):
        changed_at = date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")
    notify(user, "account.password_changed", {"changed_at": changed_at}, related=user)


def reset_password_with_code(phone: str, code: str, new_password: str) -> User:
    user = User.objects.filter(phone=phone, is_active=True).first()
    if user is None:
        raise ValidationError(
            _("Mã xác minh đã hết hạn hoặc chưa được gửi. Vui lòng yêu cầu mã mới."),
            code="code_expired",
        )
    _validated_password(user, new_password)
    _consume_code(user, OneTimeCode.Purpose.RESET_PASSWORD, phone, code)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(new_password)
        # Receiving the code proves the phone.
        user.phone_verified_at = user.phone_verified_at or timezone.now()
        user.save(update_fields=["password", "phone_verified_at"])
        _password_set(user, "sms_code")
    return user


def reset_password_with_link(user: User, new_password: str) -> User:
    """Called once Django's token check on the e-mailed link has passed."""
    _validated_password(user, new_password)
    with transaction.atomic():
        user.set_password(new_password)
        # Opening the link proves the e-mail address.
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.save(update_fields=["password", "email_verified_at"])
        _password_set(user, "email_link")
    return user


def change_password(user: User, old_password: str, new_password: str) -> User:
    if not user.check_password(old_password):
        raise ValidationError({"old_password": [_("Mật khẩu hiện tại không đúng.")]})
    _validated_password(user, new_password)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        _password_set(user, "changed")
    return user


# --- profile ------------------------------------------------------------------------------------

PROFILE_FIELDS = (
    "full_name",
    "id_number",
    "date_of_birth",
    "address",
    "phone",
    "email",
    "language",
    "notify_by_email",
    "notify_by_sms",
)
# Vouched for by the national identity once verified: the citizen cannot edit them then.
IDENTITY_FIELDS = ("full_name", "id_number", "date_of_birth")


def _clean_profile(user: User, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for name in PROFILE_FIELDS:
        if name in data:
            cleaned[name] = data[name]
    if "full_name" in cleaned:
        cleaned["full_name"] = clean_text(cleaned["full_name"] or "")
        if not cleaned["full_name"]:
            errors["full_name"] = [_("Vui lòng nhập họ và tên.")]
    if "address" in cleaned:
        cleaned["address"] = clean_text(cleaned["address"] or "")
    if "email" in cleaned:
        cleaned["email"] = _normalise_email(cleaned["email"])
    if cleaned.get("phone"):
        try:
            cleaned["phone"] = normalise_phone(cleaned["phone"])
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if cleaned.get("id_number"):
        cleaned["id_number"] = clean_id_number(cleaned["id_number"])
        birth = cleaned.get("date_of_birth", user.date_of_birth)
        try:
            parse_id_number(cleaned["id_number"], birth)
        except ValidationError as exc:
            target = "date_of_birth" if exc.code == "id_number_birth_year" else "id_number"
            errors.setdefault(target, []).extend(exc.messages)
        else:
            taken = (
                User.objects.exclude(pk=user.pk)
                .filter(id_number=cleaned["id_number"], id_number_verified_at__isnull=False)
                .exists()
            )
            if taken:
                errors["id_number"] = [
                    _(
                        "Số định danh này đã gắn với một tài khoản được xác thực qua định danh "
                        "điện tử. Nếu đó là bạn, hãy đăng nhập bằng VNeID."
                    )
                ]
    if user.id_number_verified_at:
        for name in IDENTITY_FIELDS:
            if name in cleaned and cleaned[name] != getattr(user, name):
                errors.setdefault(name, []).append(
                    _("Thông tin này đã được xác thực qua định danh điện tử, không sửa được.")
                )
    if "email" in cleaned or "phone" in cleaned:
        email = cleaned.get("email", user.email)
        phone = cleaned.get("phone", user.phone)
        if not (email or phone):
            errors.setdefault("email", []).append(
                _("Tài khoản cần ít nhất một địa chỉ thư điện tử hoặc số điện thoại.")
            )
        try:
            _check_contacts_free(
                email if email != user.email else "",
                phone if phone != user.phone else "",
                exclude=user,
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _audit_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


@dataclass(frozen=True)
class ProfileChange:
    user: User
    changed: tuple[str, ...]
    email_sent: bool
    code_sent: bool


def update_profile(user: User, *, actor: User, **data: Any) -> ProfileChange:
    """Change the citizen's own details. Nothing is saved if any value is wrong.

    A new e-mail address or phone number is unproven until its link is opened or its code
    typed; the old verification does not carry over.
    """
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied(_("Bạn chỉ được sửa thông tin tài khoản của mình."))
    cleaned = _clean_profile(user, data)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        changes = {
            name: [_audit_value(getattr(user, name)), _audit_value(value)]
            for name, value in cleaned.items()
            if getattr(user, name) != value
        }
        if not changes:
            return ProfileChange(user, (), False, False)
        for name in changes:
            setattr(user, name, cleaned[name])
        email_sent = code_sent = False
        if "email" in changes:
            user.email_verified_at = None
        if "phone" in changes:
            user.phone_verified_at = None
        user.save()
        audit.record(
            "accounts.profile_updated",
            actor=actor,
            obj=user,
            summary=", ".join(changes),
            details={"changes": changes},
        )
        if "email" in changes and user.email:
            _send_email_verification(user)
            email_sent = True
        if "phone" in changes and user.phone:
            _send_code(user, OneTimeCode.Purpose.VERIFY_PHONE, user.phone)
            code_sent = True
    return ProfileChange(user, tuple(changes), email_sent, code_sent)


# --- organisations ------------------------------------------------------------------------------


def organisations_for(user: User):
    """Organisations the user may act for (as representative or authorised staff)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(members__user=user, members__is_active=True).distinct()


def can_act_for(user: User, organisation: Organisation) -> bool:
    return organisations_for(user).filter(pk=organisation.pk).exists()


def _is_representative(user: User, organisation: Organisation) -> bool:
    return organisation.members.filter(
        user=user, is_active=True, role=OrganisationRole.REPRESENTATIVE
    ).exists()


def register_organisation(
    user: User, *, name: str, tax_code: str, address: str, email: str = "", phone: str = ""
) -> Organisation:
    """Register an organisation with ``user`` as its representative.

    Whether the person really represents it is not checked here: that needs the national
    business registry (an integration); until then officials see who registered it.
    """
    if not user.can_file:
        raise PermissionDenied(
            _("Vui lòng xác minh thư điện tử hoặc số điện thoại trước khi đăng ký tổ chức.")
        )
    errors: dict[str, list[str]] = {}
    name = clean_text(name)
    address = clean_text(address)
    tax_code = clean_tax_code(tax_code)
    if not name:
        errors["name"] = [_("Vui lòng nhập tên tổ chức.")]
    if not address:
        errors["address"] = [_("Vui lòng nhập địa chỉ trụ sở.")]
    try:
        validate_tax_code(tax_code)
    except ValidationError as exc:
        errors["tax_code"] = exc.messages
    else:
        if Organisation.objects.filter(tax_code=tax_code).exists():
            errors["tax_code"] = [
                _(
                    "Tổ chức có mã số thuế này đã được đăng ký. Vui lòng đề nghị người đại diện "
                    "của tổ chức thêm bạn làm thành viên."
                )
            ]
    if phone:
        try:
            phone = normalise_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name,
            tax_code=tax_code,
            address=address,
            email=_normalise_email(email),
            phone=phone,
            created_by=user,
        )
        OrganisationMember.objects.create(
            organisation=organisation,
            user=user,
            role=OrganisationRole.REPRESENTATIVE,
            added_by=user,
        )
        audit.record(
            "accounts.organisation_registered",
            actor=user,
            obj=organisation,
            summary=str(organisation),
        )
    return organisation


def add_member(
    organisation: Organisation, *, actor: User, identifier: str, role: str
) -> OrganisationMember:
    """A representative lets another account act for the organisation."""
    if not _is_representative(actor, organisation):
        raise PermissionDenied(_("Chỉ người đại diện của tổ chức được thêm thành viên."))
    if role not in OrganisationRole.values:
        raise ValidationError({"role": [_("Vai trò không hợp lệ.")]})
    member_user = find_user_by_identifier(identifier)
    if member_user is None or not member_user.is_active:
        raise ValidationError(
            {
                "identifier": [
                    _(
                        "Không tìm thấy tài khoản với thông tin này. Người được thêm cần đăng "
                        "ký tài khoản trước."
                    )
                ]
            }
        )
    with transaction.atomic():
        member, created = OrganisationMember.objects.select_for_update().get_or_create(
            organisation=organisation,
            user=member_user,
            defaults={"role": role, "added_by": actor},
        )
        if not created:
            if member.is_active and member.role == role:
                raise ValidationError(
                    {"identifier": [_("Tài khoản này đã là thành viên của tổ chức.")]}
                )
            member.role, member.is_active = role, True
            member.save(update_fields=["role", "is_active"])
        audit.record(
            "accounts.organisation_member_added",
            actor=actor,
            obj=organisation,
            summary=str(member_user),
            details={"user": member_user.pk, "role": role},
        )
    return member


def remove_member(member: OrganisationMember, *, actor: User) -> None:
    organisation = member.organisation
    if not _is_representative(actor, organisation):
        raise PermissionDenied(_("Chỉ người đại diện của tổ chức được bỏ thành viên."))
    with transaction.atomic():
        remaining = (
            organisation.members.select_for_update()
            .filter(is_active=True, role=OrganisationRole.REPRESENTATIVE)
            .exclude(pk=member.pk)
        )
        if member.role == OrganisationRole.REPRESENTATIVE and not remaining.exists():
            raise ValidationError(_("Tổ chức phải còn ít nhất một người đại diện."))
        member.is_active = False
        member.save(update_fields=["is_active"])
        audit.record(
            "accounts.organisation_member_removed",
            actor=actor,
            obj=organisation,
            summary=str(member.user),
            details={"user": member.user_id},
        )


# --- national identity (OpenID Connect) ---------------------------------------------------------


@dataclass(frozen=True)
class IdentityClaims:
    """What the identity provider vouches for, mapped to our fields."""

    subject: str
    full_name: str = ""
    id_number: str = ""
    date_of_birth: datetime.date | None = None
    address: str = ""
    email: str = ""
    email_verified: bool = False
    phone: str = ""
    phone_verified: bool = False


def _account_for_identity(claims: IdentityClaims, current_user: User | None) -> User | None:
    """Which existing account a first sign-in with this identity belongs to.

    1. the signed-in user linking their account; 2. the account already holding this ID number
    as verified; 3. an account that declared the ID number and proved an e-mail or phone the
    provider also vouches for. A typed ID number alone never links: anyone can type one.
    """
    if current_user is not None and current_user.is_authenticated:
        if current_user.id_number_verified_at and current_user.id_number != claims.id_number:
            raise PermissionDenied(_("Tài khoản này đã liên kết với một định danh điện tử khác."))
        held_elsewhere = (
            User.objects.exclude(pk=current_user.pk)
            .filter(id_number=claims.id_number, id_number_verified_at__isnull=False)
            .exists()
        )
        if claims.id_number and held_elsewhere:
            raise PermissionDenied(_("Định danh điện tử này đã liên kết với một tài khoản khác."))
        return current_user
    if not claims.id_number:
        return None
    verified = User.objects.filter(
        id_number=claims.id_number, id_number_verified_at__isnull=False
    ).first()
    if verified is not None:
        return verified
    proofs = Q()
    if claims.email and claims.email_verified:
        proofs |= Q(email__iexact=claims.email, email_verified_at__isnull=False)
    if claims.phone and claims.phone_verified:
        proofs |= Q(phone=claims.phone, phone_verified_at__isnull=False)
    if not proofs:
        return None
    return User.objects.filter(Q(id_number=claims.id_number) & proofs).first()


def sign_in_with_identity(
    provider: str, claims: IdentityClaims, *, current_user: User | None = None
) -> User:
    """The account for an identity-provider login: linked, matched or newly created; its
    identity fields are refreshed from the provider, which is authoritative for them."""
    now = timezone.now()
    with transaction.atomic():
        link = (
            ExternalIdentity.objects.select_for_update()
            .select_related("user")
            .filter(provider=provider, subject=claims.subject)
            .first()
        )
        if link is not None:
            user = link.user
            action = "accounts.sso_login"
        else:
            user = _account_for_identity(claims, current_user)
            action = "accounts.sso_linked"
            if user is None:
                suffix = claims.id_number or secrets.token_hex(6)
                user = User(username=_free_username(f"{provider}-{suffix}"))
                user.set_unusable_password()
                user.save()
                action = "accounts.sso_signed_up"
            link = ExternalIdentity.objects.create(
                user=user, provider=provider, subject=claims.subject
            )
        user = User.objects.select_for_update().get(pk=user.pk)
        updated = _apply_claims(user, claims, now)
        user.save()
        link.last_login_at = now
        link.save(update_fields=["last_login_at"])
        audit.record(
            action,
            actor=user,
            obj=user,
            summary=provider,
            details={"provider": provider, "updated": sorted(updated)},
        )
    return user


def _apply_claims(user: User, claims: IdentityClaims, now: datetime.datetime) -> set[str]:
    updated: set[str] = set()

    def put(name: str, value: Any) -> None:
        if value and getattr(user, name) != value:
            setattr(user, name, value)
            updated.add(name)

    put("full_name", clean_text(claims.full_name))
    put("date_of_birth", claims.date_of_birth)
    if claims.id_number:
        put("id_number", claims.id_number)
        user.id_number_verified_at = user.id_number_verified_at or now
    if claims.address and not user.address:
        put("address", clean_text(claims.address))
    others = User.objects.exclude(pk=user.pk)
    if claims.email and not user.email and not others.filter(email__iexact=claims.email).exists():
        put("email", claims.email)
    if claims.email_verified and user.email.lower() == claims.email and not user.email_verified_at:
        user.email_verified_at = now
    if claims.phone and not user.phone and not others.filter(phone=claims.phone).exists():
        put("phone", claims.phone)
    if claims.phone_verified and user.phone == claims.phone and not user.phone_verified_at:
        user.phone_verified_at = now
    return updated
