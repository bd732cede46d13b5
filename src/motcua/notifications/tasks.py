"""Delivery in the background, retried with exponential back-off on temporary failures."""

from celery import shared_task
from django.conf import settings

from .channels.base import TemporaryDeliveryError
from .services import attempt_delivery


@shared_task(bind=True, name="motcua.notifications.deliver")
def deliver_notification(self, notification_id: int, body: str | None = None) -> str:
    max_retries = settings.MOTCUA_NOTIFICATION_MAX_RETRIES
    try:
        notification = attempt_delivery(
            notification_id, body=body, final=self.request.retries >= max_retries
        )
    except TemporaryDeliveryError as exc:
        delay = min(
            settings.MOTCUA_NOTIFICATION_RETRY_DELAY * 2**self.request.retries,
            settings.MOTCUA_NOTIFICATION_RETRY_DELAY_MAX,
        )
        raise self.retry(exc=exc, countdown=delay, max_retries=max_retries) from exc
    return notification.status
