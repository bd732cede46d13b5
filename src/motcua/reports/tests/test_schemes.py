"""Formula versions as configuration: the administrator's screens, versions frozen once in
force, a correction as a new version, pages without any version."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from motcua.core.models import AuditEntry
from motcua.reports import scoring
from motcua.reports.models import ScoringScheme

pytestmark = pytest.mark.django_db


def _766() -> ScoringScheme:
    return ScoringScheme.objects.get(code="qd766-2022")


def _change_data(scheme: ScoringScheme, **changes) -> dict:
    data = {
        "kind": scheme.kind,
        "code": scheme.code,
        "name": scheme.name,
        "source": scheme.source,
        "valid_from": scheme.valid_from.isoformat() if scheme.valid_from else "",
        "valid_to": "",
        "definition": json.dumps(scheme.definition, ensure_ascii=False),
    }
    return {**data, **changes}


def test_the_list_and_a_version_in_force_open_read_only(admin_client):
    listing = admin_client.get(reverse("admin:reports_scoringscheme_changelist"))
    assert listing.status_code == 200
    assert "qd766-2022" in listing.content.decode()
    scheme = _766()
    url = reverse("admin:reports_scoringscheme_change", args=[scheme.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="definition"' not in page.content.decode()  # shown, not editable
    assert "Tỷ lệ hồ sơ xử lý đúng hạn" in page.content.decode()
    # Its name may still be corrected; the formulas stay as they were.
    before = scheme.definition
    response = admin_client.post(url, {"name": "Bộ chỉ số 766 (2022)", "source": "QĐ 766"})
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.name == "Bộ chỉ số 766 (2022)" and scheme.definition == before
    assert AuditEntry.objects.filter(action="reports.scheme_changed").count() == 1


def test_the_formulas_of_a_version_in_force_cannot_be_changed():
    scheme = _766()
    scheme.definition = {**scheme.definition, "groups": scheme.definition["groups"][:1]}
    with pytest.raises(ValidationError, match="đã có hiệu lực"):
        scoring.save_scheme(scheme)
    assert _766().definition["groups"] != scheme.definition["groups"]
    assert not AuditEntry.objects.filter(action__startswith="reports.scheme").exists()


def test_a_correction_is_a_new_version_from_tomorrow(admin_client):
    scheme = _766()
    response = admin_client.post(
        reverse("admin:reports_scoringscheme_changelist"),
        {"action": "new_version", "_selected_action": [scheme.pk]},
        follow=True,
    )
    assert "Đã tạo phiên bản qd766-2022-2" in response.content.decode()
    copy = ScoringScheme.objects.get(code="qd766-2022-2")
    assert copy.valid_from == timezone.localdate() + dt.timedelta(days=1)
    assert copy.definition == scheme.definition and not scoring.is_used(copy)
    url = reverse("admin:reports_scoringscheme_change", args=[copy.pk])

    # A definition naming a measure the system does not compute: refused, in Vietnamese.
    broken = json.loads(json.dumps(copy.definition))
    broken["groups"][0]["indicators"][0]["measure"] = "khong.co"
    response = admin_client.post(url, _change_data(copy, definition=json.dumps(broken)))
    assert response.status_code == 200
    assert "phép đo “khong.co” không được hỗ trợ" in response.content.decode()
    # Starting on the day of another version of the kind: refused too.
    response = admin_client.post(url, _change_data(copy, valid_from=scheme.valid_from))
    assert "cùng loại có hiệu lực từ ngày này" in response.content.decode()
    copy.refresh_from_db()
    assert copy.definition == scheme.definition

    corrected = json.loads(json.dumps(copy.definition))
    corrected["groups"][0]["indicators"][0]["full_at"] = 0.9
    response = admin_client.post(url, _change_data(copy, definition=json.dumps(corrected)))
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.definition["groups"][0]["indicators"][0]["full_at"] == 0.9
    actions = list(
        AuditEntry.objects.filter(action__startswith="reports.scheme").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["reports.scheme_changed", "reports.scheme_created"]
    # Not yet in force: it may still be deleted; the 2022 version may not.
    assert (
        admin_client.get(reverse("admin:reports_scoringscheme_delete", args=[copy.pk])).status_code
        == 200
    )
    assert (
        admin_client.get(
            reverse("admin:reports_scoringscheme_delete", args=[scheme.pk])
        ).status_code
        == 403
    )


@pytest.mark.parametrize("name", ["reports:index766", "reports:evaluation"])
def test_pages_without_any_formula_version_say_so(admin_client, name):
    ScoringScheme.objects.all().delete()
    response = admin_client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa có phiên bản công thức" in html
    assert reverse("admin:reports_scoringscheme_changelist") in html
