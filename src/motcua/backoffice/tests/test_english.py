"""The back office in English (/en/): the catalogue's labels, no Vietnamese interface text."""

from django.urls import reverse
from django.utils import translation

from .helpers import client_for, counter_dossier


def english(user, name: str, *args) -> str:
    with translation.override("vi"):  # the middleware's English must not outlive the test
        return client_for(user).get("/en" + reverse(name, args=args)).content.decode()


def test_desk_dossier_and_dashboard_in_english(world):
    dossier = counter_dossier(world)
    search = english(world.reception, "backoffice:search")
    assert '<html lang="en">' in search
    assert "<h1>Track a dossier</h1>" in search and "Reception at the desk" in search
    page = english(world.reception, "backoffice:dossier", dossier.code)
    assert "Dossier components" in page and "Processing workflow" in page
    assert "Receiving desk" in page and "Thành phần hồ sơ" not in page
    board = english(world.agency_leader, "backoffice:dashboard")
    assert "<h1>Dashboard</h1>" in board and "Dossiers in progress by unit" in board
