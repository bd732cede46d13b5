"""Tell the sender that their feedback (phản ánh, kiến nghị) was answered.

After ``feedback.answered`` commits: a signed-in sender is told on their account's channels
(portal inbox, proven e-mail and phone), like a dossier's owner; anyone else at the contact they
gave — by e-mail when it is an e-mail address, by SMS when it is a Vietnamese mobile number. The
contact is used only as the address of this message (the message log, like every message's);
when it is neither, nobody is told and the audit log says why. Delivery follows
``notifications.notify``: after commit, retried, and a failing gateway never undoes the answer.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext_lazy as _

from motcua.accounts.validators import normalise_phone
from motcua.core import audit
from motcua.core.events import Event, subscribe
from motcua.notifications import kinds
from motcua.notifications.models import Notification
from motcua.notifications.services import Contact, notify

from .models import Feedback

logger = logging.getLogger(__name__)

KIND = "feedback.answered"
SUBJECT_IN_SMS = 30  # characters of the subject an SMS quotes, to stay within one message

kinds.register(
    kinds.Kind(
        code=KIND,
        label=_("Phản ánh, kiến nghị đã được trả lời"),
        title=_("Phản ánh, kiến nghị {{ reference }} đã được trả lời"),
        text=_(
            "{{ agency }} đã trả lời phản ánh, kiến nghị {{ reference }} của ông/bà lúc "
            "{{ answered_at }}.\n"
            "Tiêu đề: {{ subject }}\n"
            "{% if answer_url %}Xem câu trả lời: {{ answer_url }}\n{% endif %}\n"
            "Nội dung trả lời:\n{{ answer }}"
        ),
        sms=_(
            'Phản ánh, kiến nghị {{ reference }} "{{ subject_short }}" đã được trả lời. '
            "{% if answer_url %}Xem: {{ answer_url }}{% else %}Liên hệ cơ quan tiếp nhận, nêu mã "
            "{{ reference }} để nhận câu trả lời.{% endif %}"
        ),
        sample={
            "reference": "PAKN-000123",
            "subject": "Chậm trả kết quả hồ sơ cấp giấy phép xây dựng",
            "subject_short": "Chậm trả kết quả hồ sơ cấp ...",
            "agency": "Sở Xây dựng tỉnh Quảng Ngãi",
            "answered_at": "09:30 22/01/2026",
            "answer_url": "https://dichvucong.example/phan-anh-kien-nghi/123/",
            "answer": "Sở đã kiểm tra và trả kết quả hồ sơ cho ông/bà ngày 23/01/2026.",
        },
    )
)


def contact_of(value: str) -> Contact | None:
    """The address in a sender's free-text contact: an e-mail address or a Vietnamese mobile
    number; None when it is neither (or empty)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        validate_email(value)
    except ValidationError:
        pass
    else:
        return Contact(email=value)
    try:
        return Contact(phone=normalise_phone(value))
    except ValidationError:
        return None


def _absolute(path: str) -> str:
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + path


def answer_url(item: Feedback, *, signed_in: bool) -> str:
    """Where the sender reads the answer: their own feedback list when signed in, else the
    public entry once published; empty when the answer is not public."""
    if signed_in:
        return _absolute(reverse("feedback:mine"))
    if item.published_at is not None:
        return _absolute(reverse("feedback:public_detail", args=[item.pk]))
    return ""


def _short(text: str, limit: int = SUBJECT_IN_SMS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _context(item: Feedback, *, signed_in: bool) -> dict[str, str]:
    from motcua.portal.templatetags.portal_tags import localized_name

    return {
        "reference": item.reference,
        "subject": item.subject,
        "subject_short": _short(item.subject),
        "agency": localized_name(item.agency),
        "answered_at": dateformat.format(timezone.localtime(item.answered_at), "H:i d/m/Y"),
        "answer_url": answer_url(item, signed_in=signed_in),
        "answer": item.answer,
    }


def _not_told(item: Feedback, reason: str) -> None:
    logger.info("Feedback %s: sender not told of the answer (%s)", item.reference, reason)
    audit.record(
        "feedback.answer_not_notified",
        obj=item,
        summary=item.reference,
        details={"reason": reason},
    )


@subscribe("feedback.answered")
def tell_sender(event: Event) -> None:
    item = (
        Feedback.objects.select_related("agency", "sender")
        .filter(pk=event["feedback_id"], status=Feedback.Status.ANSWERED)
        .first()
    )
    if item is None:
        return
    related = {"related_type": item._meta.label_lower, "related_id": str(item.pk)}
    if Notification.objects.filter(kind=KIND, **related).exists():
        return  # told already (an event delivered twice)
    signed_in = item.sender is not None and item.sender.is_active
    if signed_in:
        target = item.sender
    else:
        contact = contact_of(item.sender_contact)
        if contact is None:
            _not_told(item, "no_contact" if not item.sender_contact.strip() else "unusable_contact")
            return
        target = Contact(name=item.sender_name, email=contact.email, phone=contact.phone)
    language = getattr(target, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = _context(item, signed_in=signed_in)
    if not notify(target, KIND, context, related=item):
        _not_told(item, "no_channel")
