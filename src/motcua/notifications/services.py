"""Tell people things: render the kind's template for each channel, log it, deliver it.

``notify`` is the one entry point for every app. It writes ``Notification`` rows inside the
caller's transaction and hands delivery to a Celery task after commit (inline in the embedded
set-up), so a rolled-back action never sends a message.
"""

import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core import audit

from . import kinds
from .channels import registry
from .channels.base import (
    DeliveryError,
    OutgoingMessage,
    Recipient,
    TemporaryDeliveryError,
)
from .kinds import EMAIL, SMS, Kind
from .models import MessageTemplate, Notification

logger = logging.getLogger(__name__)

# Templates are edited by administrators: a bare engine (no loaders, so no {% include %} of
# files) and plain values in the context keep them to text substitution and formatting.
_ENGINE = Engine(autoescape=False)
MASK = "••••••"

_GREETING = gettext_lazy("Kính gửi {{ recipient_name }},")
_SIGNATURE = gettext_lazy(
    "Trân trọng,\n{{ site_name }}\n{{ public_url }}\n\n"
    "Thư này được gửi tự động, vui lòng không trả lời."
)


@dataclass(frozen=True)
class Contact:
    """Someone to tell who may have no account (an applicant known only by the dossier), or an
    account reached at an address it has not proven yet (a verification code)."""

    name: str = ""
    email: str = ""
    phone: str = ""
    language: str = ""
    user: object | None = None


def recipient_for(target) -> Recipient:
    """A user is reached only at contacts they proved and did not opt out of; a ``Contact``
    at the addresses given."""
    if isinstance(target, Contact):
        user = target.user
        language = target.language or getattr(user, "language", "") or settings.LANGUAGE_CODE
        return Recipient(
            name=target.name or (str(user) if user else ""),
            email=target.email,
            phone=target.phone,
            language=language,
            user=user,
        )
    user = target
    return Recipient(
        name=str(user),
        email=user.email if user.email and user.email_verified_at and user.notify_by_email else "",
        phone=user.phone if user.phone and user.phone_verified_at and user.notify_by_sms else "",
        language=user.language or settings.LANGUAGE_CODE,
        user=user,
    )


# --- templates ----------------------------------------------------------------------------------


def default_template(kind: Kind, channel: str, language: str) -> tuple[str, str] | None:
    """The code default (subject, body) for a channel, in ``language``; None if not sent there."""
    with translation.override(language):
        if channel == SMS:
            return None if kind.sms is None else ("", str(kind.sms))
        if channel == EMAIL:
            return str(kind.title), f"{_GREETING}\n\n{kind.text}\n\n{_SIGNATURE}"
        return str(kind.title), str(kind.text)


def current_template(kind: str, channel: str, language: str) -> MessageTemplate | None:
    return (
        MessageTemplate.objects.filter(kind=kind, channel=channel, language=language)
        .order_by("-version")
        .first()
    )


def resolve_template(
    kind: Kind, channel: str, language: str
) -> tuple[MessageTemplate | None, str, str] | None:
    """(row, subject, body) to use, or None when the channel is switched off for this kind.

    The recipient's language first, then the site language; the code default if neither has a
    row (e.g. a kind registered after the last migration).
    """
    for lang in dict.fromkeys([language, settings.LANGUAGE_CODE]):
        row = current_template(kind.code, channel, lang)
        if row is not None:
            return (row, row.subject, row.body) if row.is_active else None
    default = default_template(kind, channel, language)
    return None if default is None else (None, *default)


def render(source: str, context: dict) -> str:
    return _ENGINE.from_string(source).render(Context(context, autoescape=False)).strip()


def _base_context(recipient_name: str) -> dict:
    return {
        "site_name": str(settings.MOTCUA_SITE_NAME),
        "public_url": settings.MOTCUA_PUBLIC_URL,
        "recipient_name": recipient_name or _("Ông/Bà"),
    }


def sample_context(kind_code: str) -> dict:
    """The variables a kind's templates may use, with example values."""
    return _base_context("Nguyễn Văn An") | kinds.get(kind_code).sample


def render_sample(kind_code: str, channel: str, language: str, subject: str, body: str):
    """Render a template with the kind's sample values and check it suits the channel.

    Returns (subject, body) as they would be sent; raises ``ValidationError`` in the
    administrator's language otherwise.
    """
    context = sample_context(kind_code)
    try:
        with translation.override(language):
            rendered_subject, rendered_body = render(subject, context), render(body, context)
    except TemplateSyntaxError as exc:
        raise ValidationError(
            _("Mẫu có lỗi cú pháp: %(error)s"), code="template_syntax", params={"error": exc}
        ) from exc
    registry.get(channel).check_template(rendered_subject, rendered_body)
    return rendered_subject, rendered_body


def save_template_version(
    *,
    kind: str,
    channel: str,
    language: str,
    subject: str,
    body: str,
    is_active: bool = True,
    note: str = "",
    actor=None,
) -> MessageTemplate:
    """Add the next version of a template (earlier versions stay as they were)."""
    if channel not in registry.codes():
        raise ValidationError(
            _("Kênh “%(channel)s” chưa được cấu hình."), params={"channel": channel}
        )
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(
            _("Ngôn ngữ “%(lang)s” không được hỗ trợ."), params={"lang": language}
        )
    render_sample(kind, channel, language, subject, body)
    with transaction.atomic():
        latest = (
            MessageTemplate.objects.select_for_update()
            .filter(kind=kind, channel=channel, language=language)
            .aggregate(v=models.Max("version"))["v"]
        )
        template = MessageTemplate.objects.create(
            kind=kind,
            channel=channel,
            language=language,
            version=(latest or 0) + 1,
            subject=subject,
            body=body,
            is_active=is_active,
            note=note,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(
            "notifications.template_saved",
            actor=actor,
            obj=template,
            summary=str(template),
            details={"is_active": is_active, "note": note},
        )
    return template


def ensure_default_templates(using: str = "default", **kwargs) -> int:
    """Copy the code defaults into version-1 rows where no row exists (run after migrate)."""
    connection = connections[using]
    if MessageTemplate._meta.db_table not in connection.introspection.table_names():
        return 0
    existing = set(
        MessageTemplate.objects.using(using).values_list("kind", "channel", "language").distinct()
    )
    rows = []
    for kind in kinds.all_kinds():
        for channel in kind.default_channels():
            for language, _name in settings.LANGUAGES:
                if (kind.code, channel, language) in existing:
                    continue
                default = default_template(kind, channel, language)
                if default is not None:
                    subject, body = default
                    rows.append(
                        MessageTemplate(
                            kind=kind.code,
                            channel=channel,
                            language=language,
                            version=1,
                            subject=subject,
                            body=body,
                            note="mặc định",
                        )
                    )
    MessageTemplate.objects.using(using).bulk_create(rows)
    return len(rows)


# --- sending ------------------------------------------------------------------------------------


def notify(
    target,
    kind_code: str,
    context: dict | None = None,
    *,
    channels: list[str] | tuple[str, ...] | None = None,
    related: models.Model | None = None,
) -> list[Notification]:
    """Tell ``target`` (a user or a ``Contact``) about ``kind_code`` on each reachable channel.

    ``context`` holds plain values (strings, numbers). ``channels`` defaults to the kind's; a
    channel is skipped when the recipient has no usable address on it or an administrator
    switched it off for this kind. Returns the log rows created.
    """
    kind = kinds.get(kind_code)
    recipient = recipient_for(target)
    values = _base_context(recipient.name) | (context or {})
    masked_values = values | dict.fromkeys(kind.secrets, MASK)
    created = []
    for code in channels or kind.default_channels():
        channel = registry.get(code)
        address = channel.address_for(recipient)
        if address is None:
            continue
        resolved = resolve_template(kind, code, recipient.language)
        if resolved is None:
            continue
        template, subject_source, body_source = resolved
        with translation.override(recipient.language):
            subject = render(subject_source, values)
            body = render(body_source, values)
            logged_body = render(body_source, masked_values) if kind.secrets else body
        notification = Notification.objects.create(
            recipient=recipient.user,
            recipient_name=recipient.name[:200],
            address=address,
            channel=code,
            kind=kind.code,
            template=template,
            language=recipient.language,
            subject=subject[:200],
            body=logged_body,
            status=Notification.Status.QUEUED if channel.delivers else Notification.Status.SENT,
            sent_at=None if channel.delivers else timezone.now(),
            related_type=related._meta.label_lower if related is not None else "",
            related_id=str(related.pk) if related is not None else "",
        )
        if channel.delivers:
            secret_body = body if kind.secrets else None
            transaction.on_commit(partial(_enqueue, notification.pk, secret_body))
        created.append(notification)
    return created


def _enqueue(notification_id: int, body: str | None) -> None:
    from .tasks import deliver_notification

    deliver_notification.delay(notification_id, body)


def attempt_delivery(notification_id: int, *, body: str | None = None, final: bool) -> Notification:
    """One delivery attempt. Raises ``TemporaryDeliveryError`` when a retry should follow;
    records the outcome otherwise (and on the ``final`` attempt)."""
    notification = Notification.objects.get(pk=notification_id)
    if notification.status != Notification.Status.QUEUED:
        return notification  # delivered or given up already: a duplicate task does nothing
    message = OutgoingMessage(
        address=notification.address,
        subject=notification.subject,
        body=notification.body if body is None else body,
        reference=str(notification.pk),
    )
    notification.attempts += 1
    fields = ["attempts", "status", "last_error", "sent_at", "provider_message_id"]
    try:
        receipt = registry.get(notification.channel).send(message)
    except TemporaryDeliveryError as exc:
        notification.last_error = str(exc)[:2000]
        if not final:
            notification.save(update_fields=fields)
            raise
        notification.status = Notification.Status.FAILED
    except DeliveryError as exc:
        notification.last_error = str(exc)[:2000]
        notification.status = Notification.Status.FAILED
    except Exception as exc:  # a broken plugin must not break the action that notified
        logger.exception("notification %s: channel failed", notification.pk)
        notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        notification.status = Notification.Status.FAILED
    else:
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.provider_message_id = receipt.provider_message_id
    notification.save(update_fields=fields)
    return notification


def requeue(notification: Notification, *, actor) -> None:
    """Send a failed message again (administrators, after fixing a gateway setting).

    Messages with masked secrets are not resent: the secret is gone and must be requested anew.
    """
    if notification.status != Notification.Status.FAILED:
        raise ValidationError(_("Chỉ gửi lại được thông báo gửi không thành công."))
    if MASK in notification.body:
        raise ValidationError(_("Không gửi lại được tin chứa mã hoặc liên kết bảo mật."))
    with transaction.atomic():
        notification.status = Notification.Status.QUEUED
        notification.save(update_fields=["status"])
        audit.record("notifications.requeued", actor=actor, obj=notification)
        transaction.on_commit(partial(_enqueue, notification.pk, None))


# --- in-app messages ----------------------------------------------------------------------------


def inbox(user) -> models.QuerySet[Notification]:
    from .kinds import IN_APP

    return Notification.objects.filter(recipient=user, channel=IN_APP)


def unread_count(user) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def mark_read(user, notification_ids: list[int] | None = None) -> int:
    """Mark the user's in-app messages read (all of them when no ids are given)."""
    with transaction.atomic():
        rows = inbox(user).filter(read_at__isnull=True)
        if notification_ids is not None:
            rows = rows.filter(pk__in=notification_ids)
        count = rows.update(read_at=timezone.now())
        if count:
            audit.record("notifications.read", actor=user, obj=user, details={"count": count})
    return count
