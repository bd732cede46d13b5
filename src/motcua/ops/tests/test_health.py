"""Health probes and graceful degradation (PL4-5): a monitor can tell "up" from "ready", and a
failing cache does not take the portal down with it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

BROKEN_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.mark.criterion("PL4-5")
def test_liveness_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.criterion("PL4-5")
def test_readiness_checks_database_cache_and_storage(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.criterion("PL4-5")
def test_readiness_reports_a_failing_dependency_without_secrets(client, settings):
    settings.CACHES = BROKEN_CACHE
    settings.CELERY_BROKER_URL = "redis://:s3cret-password@127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["broker"]["ok"] is False
    assert "s3cret" not in response.content.decode()
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.criterion("PL4-5")
def test_pages_keep_working_when_the_cache_is_down(client, settings):
    """The maintenance banner and the search rate limit use the cache; without it they fall
    back (banner from the database, no limit) instead of failing every page."""
    settings.CACHES = BROKEN_CACHE
    settings.MOTCUA_RATE_LIMITS = {"portal:procedure_list": "5/m"}
    assert client.get(reverse("portal:home")).status_code == 200
    for _ in range(7):
        assert client.get(reverse("portal:procedure_list")).status_code == 200


def test_probes_stay_on_plain_http_behind_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/").status_code == 301
