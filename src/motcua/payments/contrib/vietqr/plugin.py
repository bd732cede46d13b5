"""Bank transfer to the agency's account by scanning a VietQR code.

There is no bank API here: an officer confirms the transfer after seeing it in the bank's
application, or imports the bank statement (CSV) and the references in the transfer contents are
matched (``services.import_statement``). A transfer to the agency's account is not "online
payment through the payment platform" in the sense of QĐ 766 (regs.md §1.7, §4.2): the fees are
recorded with ``paid_online = False``.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from motcua.documents.qr import svg_data_uri

from ...base import Instructions, PaymentProvider
from ...models import PaymentMethod
from ...registry import register
from . import emvco


@register
class VietQrProvider(PaymentProvider):
    id = "vietqr"
    method = PaymentMethod.BANK_TRANSFER
    manual_confirmation = True

    @property
    def label(self) -> str:
        return _("Chuyển khoản ngân hàng bằng mã VietQR")

    @property
    def description(self) -> str:
        return _(
            "Quét mã bằng ứng dụng ngân hàng; giữ nguyên nội dung chuyển khoản. Khoản nộp được "
            "ghi nhận khi cán bộ đối soát được giao dịch (thường trong ngày làm việc)."
        )

    def is_configured(self) -> bool:
        return bool(self.options.get("BANK_BIN") and self.options.get("ACCOUNT"))

    def attempt_ttl(self) -> dt.timedelta:
        return dt.timedelta(hours=int(self.config.get("TRANSFER_TTL_HOURS", 72)))

    def payload(self, payment) -> str:
        return emvco.transfer_payload(
            bank_bin=self.options["BANK_BIN"],
            account=self.options["ACCOUNT"],
            amount=int(payment.amount),
            purpose=payment.reference,
        )

    def start(self, payment, *, return_url: str, client_ip: str, language: str) -> Instructions:
        payload = self.payload(payment)
        return Instructions(
            "payments/includes/vietqr_instructions.html",
            {
                "payload": payload,
                "qr_image": svg_data_uri(payload),
                "bank_name": self.options.get("BANK_NAME", ""),
                "account": self.options["ACCOUNT"],
                "account_name": self.options.get("ACCOUNT_NAME", ""),
                "transfer_content": payment.reference,
            },
        )
