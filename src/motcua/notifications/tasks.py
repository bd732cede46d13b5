"""Delivery in the background, retried with exponential back-off on temporary failures."""

from celery import shared_task
from django.conf import settings

from .channels.base import TemporaryDeliveryError
from .services import attempt_delivery


def retry_delay(retries: int) -> int:
    """Seconds before retry number ``retries + 1``: 30 s, 60 s, 120 s … up to an hour."""
    return min(
        settings.MOTCUA_NOTIFICATION_RETRY_DELAY * 2**retries,
        settings.MOTCUA_NOTIFICATION_RETRY_DELAY_MAX,
    )


@shared_task(bind=True, name="motcua.notifications.deliver")
def deliver_notification(self, notification_id: int, body: str | None = None) -> str:
    max_retries = settings.MOTCUA_NOTIFICATION_MAX_RETRIES
    retries = self.request.retries
    while True:
        try:
            notification = attempt_delivery(
                notification_id, body=body, final=retries >= max_retries
            )
        except TemporaryDeliveryError as exc:
            if not self.request.is_eager:
                raise self.retry(
                    exc=exc, countdown=retry_delay(retries), max_retries=max_retries
                ) from exc
            # Inline (no broker): there is no worker to come back later, so retry now; each
            # attempt is bounded by the channel's timeout.
            retries += 1
            continue
        return notification.status
