"""The statistics in English (/en/): the catalogue's labels, no Vietnamese interface text."""

from django.urls import reverse
from django.utils import translation


def test_statistics_in_english(client, march_766):
    client.force_login(march_766.world.agency_leader)
    with translation.override("vi"):  # the middleware's English must not outlive the test
        statistics, public = reverse("reports:statistics"), reverse("reports_public:statistics")
        page = client.get("/en" + statistics, {"ky": "month", "nam": "2026", "thang": "3"})
        public = client.get("/en" + public)
    page, public = page.content.decode(), public.content.decode()
    assert "<h1>Dossier processing — Month 03/2026</h1>" in page
    assert "On-time rate (%)" in page and "Carried over" in page
    assert "Tình hình giải quyết" not in page
    assert "<h1>Results of online public service dossiers</h1>" in public
