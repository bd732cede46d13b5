import pytest
from django.core.cache import cache

from motcua.dossiers.tests.world import Clock, build_world

from ..contrib.dvcqg.fake import FakeDvcqg


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def portal(settings):
    """The fake national portal on a free port, with the connection pointed at it."""
    cache.clear()  # no access token of another test's fake
    with FakeDvcqg() as fake:
        settings.MOTCUA_INTEGRATIONS = fake.settings()
        yield fake


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): …`` runs the after-commit handlers of what the block did, as the
    commit of a real request would (the test itself runs in a transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
