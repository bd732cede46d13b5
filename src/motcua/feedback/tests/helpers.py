"""Dossiers brought to their result through the lifecycle services, feedback in each state."""

from __future__ import annotations

from motcua.backoffice.tests.helpers import client_for, online_dossier, to_finished, v
from motcua.dossiers import services as lifecycle
from motcua.feedback import services
from motcua.feedback.models import Feedback

__all__ = ["client_for", "feedback", "finished", "returned", "v"]


def finished(world):
    """Filed online by the world's citizen (its owner), received at the desk, settled by the
    department (status 9, waiting at the desk)."""
    d = online_dossier(world)
    d = lifecycle.receive(d, actor=world.reception, **v(d))
    return to_finished(world, d)


def returned(world):
    """As ``finished``, then the fee paid and the result handed over at the desk (status 10)."""
    d = finished(world)
    payment = lifecycle.PaymentData("cash", "BL-0001")
    d = lifecycle.record_payment(d, actor=world.reception, **v(d), payment=payment)
    return lifecycle.return_result(d, actor=world.reception, **v(d), early_return_notified=True)


def feedback(world, **kw) -> Feedback:
    values = {
        "agency": world.department,
        "channel": "portal",
        "kind": Feedback.Kind.PROCESSING,
        "subject": "Chậm trả kết quả hồ sơ",
        "content": "Đề nghị cơ quan kiểm tra, trả lời.",
        "sender_name": "Nguyễn Văn An",
        "sender_contact": "0905123456",
    }
    values.update(kw)
    return services.receive_feedback(**values)
