import pytest
from django.core.cache import cache

from motcua.backoffice.tests.helpers import BACKOFFICE_STEPS


@pytest.fixture
def world(db):
    from motcua.dossiers.tests.world import build_world

    return build_world(steps=BACKOFFICE_STEPS)


@pytest.fixture
def other_world(world):
    """Another desk and department, whose officials must not see this world's rows."""
    from motcua.dossiers.tests.world import build_world

    return build_world(steps=BACKOFFICE_STEPS)


@pytest.fixture(autouse=True)
def vietnamese_and_fresh_counters():
    """Start each test in Vietnamese (``reverse`` gives unprefixed URLs) with empty rate-limit
    counters."""
    from django.utils import translation

    translation.activate("vi")
    cache.clear()
    yield
    translation.activate("vi")
    cache.clear()
