import pytest


@pytest.fixture
def world(db):
    from motcua.dossiers.tests.world import build_world

    return build_world()


@pytest.fixture
def other_world(world):
    """Another province-like tree: its agencies are outside ``world``'s officials' scope."""
    from motcua.dossiers.tests.world import build_world

    return build_world()


@pytest.fixture
def clock():
    from motcua.dossiers.tests.world import Clock

    return Clock()


@pytest.fixture(autouse=True)
def vietnamese():
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")
