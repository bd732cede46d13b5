import pytest

from .helpers import BACKOFFICE_STEPS


@pytest.fixture
def world(db):
    from motcua.dossiers.tests.world import build_world

    return build_world(steps=BACKOFFICE_STEPS)


@pytest.fixture
def other_world(world):
    """A second province-like tree (another desk and department) for isolation tests."""
    from motcua.dossiers.tests.world import build_world

    return build_world(steps=BACKOFFICE_STEPS)


@pytest.fixture(autouse=True)
def vietnamese():
    """A request to an /en/ page leaves English active in the thread; start each test in
    Vietnamese so ``reverse`` gives the unprefixed URLs."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")
