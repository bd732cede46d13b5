"""E-mail through Django's mail framework: console by default, SMTP when ``EMAIL_HOST`` is set."""

import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.utils.translation import gettext_lazy as _

from .base import (
    Channel,
    DeliveryError,
    OutgoingMessage,
    Receipt,
    Recipient,
    TemporaryDeliveryError,
)


class EmailChannel(Channel):
    code = "email"
    label = _("Thư điện tử")

    def address_for(self, recipient: Recipient) -> str | None:
        return recipient.email or None

    def send(self, message: OutgoingMessage) -> Receipt:
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.address],
            headers={"X-Motcua-Notification": message.reference},
        )
        try:
            email.send()
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
            raise DeliveryError(str(exc)) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TemporaryDeliveryError(str(exc)) from exc
        return Receipt()

    def check_template(self, subject: str, body: str) -> None:
        if not subject.strip():
            raise ValidationError(_("Thư điện tử cần có tiêu đề."), code="email_subject")
