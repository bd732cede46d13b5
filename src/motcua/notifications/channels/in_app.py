"""Messages shown to the citizen in the portal (the list at /tai-khoan/thong-bao/)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .base import Channel, Recipient


class InAppChannel(Channel):
    code = "in_app"
    label = _("Thông báo trên Cổng")
    delivers = False

    def address_for(self, recipient: Recipient) -> str | None:
        return "" if recipient.user is not None else None

    def check_template(self, subject: str, body: str) -> None:
        if not subject.strip():
            raise ValidationError(_("Thông báo trên Cổng cần có tiêu đề."), code="in_app_subject")
