import pytest
from django.core.cache import cache

from motcua.accounts.models import Membership, Role, User
from motcua.directory.models import Agency

PASSWORD = "Mat-khau-2026"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and the maintenance banner live in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def province(db) -> Agency:
    return Agency.objects.create(
        code="000.00.00.H48",
        name="Ủy ban nhân dân tỉnh Quảng Ngãi",
        kind="peoples_committee",
        level="province",
    )


def member(username: str, agency: Agency, role: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, full_name=username.title())
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def sysadmin(province) -> User:
    """A province system administrator (not a superuser)."""
    return member("quantri.tinh", province, Role.PROVINCE_ADMIN)


@pytest.fixture
def official(province) -> User:
    return member("canbo.tiepnhan", province, Role.RECEPTION)


@pytest.fixture
def calendar(db):
    from motcua.worktime.services import seed_holidays

    seed_holidays(2024, 2030)
