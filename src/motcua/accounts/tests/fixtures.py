"""Fixtures shared by the accounts and notifications tests (imported by their conftest)."""

import pytest
from django.core.cache import cache

from motcua.accounts.models import User
from motcua.notifications.sms import locmem


@pytest.fixture(autouse=True)
def fresh_cache_and_outbox():
    """Rate-limit counters and cached discovery documents live in the cache; SMS in a list."""
    cache.clear()
    locmem.outbox.clear()
    yield
    locmem.outbox.clear()


@pytest.fixture
def sms_outbox():
    return locmem.outbox


@pytest.fixture
def citizen(db):
    from django.utils import timezone

    return User.objects.create_user(
        "an@example.com",
        email="an@example.com",
        password="Mat-khau-2026",
        full_name="Nguyễn Văn An",
        phone="0912345678",
        email_verified_at=timezone.now(),
        phone_verified_at=timezone.now(),
    )


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (message delivery) of the code inside ``with commit():``."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
