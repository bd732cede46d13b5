import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command

from motcua.dossiers.states import State
from motcua.dossiers.tests.world import Clock, counter_dossier, drive, online_dossier

OPENAPI = Path(__file__).resolve().parent.parent / "openapi.yaml"


@pytest.fixture
def world(db):
    from motcua.dossiers.tests.world import build_world

    return build_world()


def _post(client, user, dossier, action, **data):
    client.force_login(user)
    return client.post(
        f"/api/v1/dossiers/{dossier.code}/actions/{action}/",
        {"expected_version": dossier.version, **data},
        content_type="application/json",
    )


def test_anonymous_users_get_nothing(client, world):
    d = counter_dossier(world, Clock())
    assert client.get("/api/v1/dossiers/").status_code == 403
    assert client.get(f"/api/v1/dossiers/{d.code}/").status_code == 403


@pytest.mark.criterion("PL1-0", "D4.2")
def test_list_and_detail_show_only_visible_dossiers_with_their_status(client, world):
    clock = Clock()
    d = drive(world, clock, State.PROCESSING)
    own = online_dossier(world, clock)
    client.force_login(world.citizen)
    listing = client.get("/api/v1/dossiers/").json()
    assert [row["code"] for row in listing["results"]] == [own.code]
    assert listing["results"][0]["national_status_label"] == "Mới đăng ký"
    assert client.get(f"/api/v1/dossiers/{d.code}/").status_code == 404  # existence not leaked
    client.force_login(world.specialist)
    detail = client.get(f"/api/v1/dossiers/{d.code}/").json()
    assert (detail["state"], detail["national_status"], detail["national_status_label"]) == (
        "processing",
        4,
        "Đang xử lý",
    )
    assert "forward" in detail["available_actions"]
    assert [t["order"] for t in detail["tasks"] if t["status"] == "open"] == [2]
    found = client.get("/api/v1/dossiers/", {"q": "nguyen van an", "national_status": 4}).json()
    assert [row["code"] for row in found["results"]] == [d.code]
    history = client.get(f"/api/v1/dossiers/{d.code}/history/").json()
    assert [(h["action"], h["status_after"]) for h in history] == [
        ("submit", 1),
        ("receive", 2),
        ("forward", 4),
    ]


@pytest.mark.criterion("PL2-2.5")
def test_actions_go_through_the_services_with_the_right_status_codes(client, world):
    clock = Clock()
    d = counter_dossier(world, clock)
    ok = _post(client, world.division_leader, d, "forward", assignee=world.specialist.username)
    assert ok.status_code == 200, ok.json()
    assert ok.json()["state"] == "processing"
    # stale version → 409 with the Vietnamese message
    stale = _post(client, world.specialist, d, "forward")
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"
    assert "vừa được người khác cập nhật" in stale.json()["detail"]
    d.refresh_from_db()
    # not allowed for this user → 403 with a reason
    denied = _post(client, world.clerk, d, "forward")
    assert denied.status_code == 403
    assert "không có quyền" in denied.json()["detail"]
    # invalid input → 400, field errors in Vietnamese
    bad = _post(client, world.specialist, d, "request_supplement", items=[], reason="")
    assert bad.status_code == 400
    assert "một lần" in bad.json()["detail"]
    malformed = client.post(
        f"/api/v1/dossiers/{d.code}/actions/extend/", {}, content_type="application/json"
    )
    assert malformed.status_code == 400 and "expected_version" in malformed.json()["errors"]
    # impossible in this status → 409 naming status and action
    wrong = _post(client, world.reception, d, "return_result")
    assert wrong.status_code == 409
    assert wrong.json()["code"] == "transition"
    assert "Trả kết quả" in wrong.json()["detail"] and "Đang xử lý" in wrong.json()["detail"]
    # a dossier the user cannot see → 404
    hidden = _post(client, world.citizen, d, "request_withdrawal", reason="x")
    assert hidden.status_code == 404


@pytest.mark.criterion("PL2-2.7", "PL2-2.8")
def test_structured_action_inputs(client, world):
    clock = Clock(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30))
    d = drive(world, clock, State.PROCESSING)
    paid = _post(
        client,
        world.specialist,
        d,
        "request_payment",
        items=[{"name": "Phí thẩm định", "amount": "50000"}],
    )
    assert paid.status_code == 200, paid.json()
    d.refresh_from_db()
    assert d.state == State.AWAITING_PAYMENT
    recorded = _post(client, world.reception, d, "record_payment", method="cash")
    assert recorded.status_code == 200 and recorded.json()["state"] == "processing"
    d.refresh_from_db()
    new_due = (d.due_at + dt.timedelta(days=7)).isoformat()
    extended = _post(
        client,
        world.agency_leader,
        d,
        "extend",
        new_due_at=new_due,
        reason="Xác minh",
        apology_text="Xin lỗi ông/bà",
    )
    assert extended.status_code == 200, extended.json()
    assert extended.json()["extension_count"] == 1


def test_openapi_contract_is_up_to_date(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated))
    assert generated.read_text() == OPENAPI.read_text(), (
        "Regenerate: motcua spectacular --file src/motcua/api/openapi.yaml"
    )
