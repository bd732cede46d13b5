import pytest


@pytest.fixture
def world(db):
    from .world import build_world

    return build_world()
