import pytest

from motcua.notifications.models import Notification
from motcua.notifications.services import Contact, notify

from .fake_sms_gateway import FakeSmsGateway

pytestmark = pytest.mark.django_db

CONTEXT = {"dossier_code": "000.00.01.H48-260115-0001", "due_date": "22/01/2026"}


@pytest.fixture
def gateway(settings):
    def start(replies=None, **overrides):
        fake = FakeSmsGateway(replies)
        settings.MOTCUA_SMS_BACKEND = "motcua.notifications.sms.http.HttpSmsBackend"
        settings.MOTCUA_SMS_HTTP_URL = fake.url
        settings.MOTCUA_SMS_HTTP_API_KEY = "khoa-bi-mat"
        settings.MOTCUA_SMS_HTTP_SENDER = "QUANGNGAI"
        settings.MOTCUA_NOTIFICATION_MAX_RETRIES = 3
        for name, value in overrides.items():
            setattr(settings, name, value)
        return fake

    servers = []

    def started(replies=None, **overrides):
        fake = start(replies, **overrides).__enter__()
        servers.append(fake)
        return fake

    yield started
    for fake in servers:
        fake.__exit__(None, None, None)


def _send(commit):
    with commit():
        (notification,) = notify(
            Contact(name="Lê Thị Hoa", phone="0935000111"),
            "dossier.received",
            CONTEXT,
            channels=["sms"],
        )
    notification.refresh_from_db()
    return notification


@pytest.mark.criterion("PL3-5", "PL2-9")
def test_gateway_error_is_retried_then_delivered(gateway, commit):
    fake = gateway([(500, {"error": "busy"})])
    notification = _send(commit)

    assert len(fake.received) == 2
    request = fake.received[-1]
    assert request.path == "/api/sms/send"
    assert request.headers["Authorization"] == "Bearer khoa-bi-mat"
    assert request.headers["Content-Type"].startswith("application/json")
    assert request.body == {
        "to": "84935000111",
        "text": "Ho so 000.00.01.H48-260115-0001 da duoc tiep nhan, hen tra ket qua ngay "
        "22/01/2026. Tra cuu tren Cong Dich vu cong bang ma ho so.",
        "sender": "QUANGNGAI",
        "reference": str(notification.pk),
    }
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 2
    assert notification.provider_message_id == "gw-2"
    assert "HTTP 500" in notification.last_error  # the failed attempt stays on record


def test_body_shape_header_and_number_format_are_configurable(gateway, commit):
    fake = gateway(
        MOTCUA_SMS_HTTP_BODY='{"msisdn": "{to}", "message": {"content": "{text}"}, "brand": "X"}',
        MOTCUA_SMS_HTTP_API_KEY_HEADER="X-Api-Key",
        MOTCUA_SMS_HTTP_NUMBER_FORMAT="national",
        MOTCUA_SMS_HTTP_ID_FIELD="messageId",
    )
    fake.replies = [(200, {"messageId": "abc-123"})]
    notification = _send(commit)
    request = fake.received[0]
    assert request.headers["X-Api-Key"] == "khoa-bi-mat"
    assert request.body["msisdn"] == "0935000111"
    assert request.body["message"]["content"].startswith("Ho so 000.00.01.H48")
    assert request.body["brand"] == "X"
    assert notification.provider_message_id == "abc-123"


def test_a_refused_message_is_not_retried(gateway, commit):
    fake = gateway([(400, {"error": "invalid number"})])
    notification = _send(commit)
    assert len(fake.received) == 1
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == 1
    assert "invalid number" in notification.last_error


def test_gives_up_after_the_retry_limit(gateway, commit):
    fake = gateway([(503, {})] * 10)
    notification = _send(commit)
    assert len(fake.received) == 4  # first try + MOTCUA_NOTIFICATION_MAX_RETRIES
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == 4


def test_an_unreachable_gateway_is_a_temporary_failure(settings, commit):
    settings.MOTCUA_SMS_BACKEND = "motcua.notifications.sms.http.HttpSmsBackend"
    settings.MOTCUA_SMS_HTTP_URL = "http://127.0.0.1:9/send"
    settings.MOTCUA_NOTIFICATION_MAX_RETRIES = 1
    notification = _send(commit)
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == 2
    assert "URLError" in notification.last_error or "Connection" in notification.last_error


@pytest.mark.django_db(transaction=True)
@pytest.mark.criterion("PL2-9")
def test_a_celery_worker_retries_with_exponential_back_off(gateway, settings):
    """With a broker (Redis) the retries wait 1 s, 2 s … instead of running inline."""
    import time

    import redis
    from celery import Celery, current_app
    from celery.contrib.testing.worker import start_worker

    broker = "redis://127.0.0.1:6379/11"
    try:
        redis.Redis.from_url(broker).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings.MOTCUA_NOTIFICATION_RETRY_DELAY = 1
    fake = gateway([(500, {}), (502, {})])
    # A separate app with a broker (the project's runs tasks inline in tests); the shared
    # delivery task resolves to whichever app is current (the default one in other threads).
    worker_app = Celery("motcua-test-worker", broker=broker, set_as_current=False)
    worker_app.conf.update(task_always_eager=False, broker_connection_retry_on_startup=True)
    previous = current_app._get_current_object()
    worker_app.set_current()
    try:
        with start_worker(worker_app, perform_ping_check=False, shutdown_timeout=10):
            (notification,) = notify(
                Contact(phone="0935000111"), "dossier.received", CONTEXT, channels=["sms"]
            )
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                notification.refresh_from_db()
                if notification.status != Notification.Status.QUEUED:
                    break
                time.sleep(0.2)
    finally:
        # start_worker made the worker app the default for every thread; give it back.
        previous.set_current()
        previous.set_default()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 3 and len(fake.received) == 3
    first, second, third = (r.at for r in fake.received)
    assert second - first >= 1 and third - second >= 2  # back-off doubles
