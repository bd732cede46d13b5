"""The requests register: agencies' requests about the software, answered with evidence."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from motcua.compliance import services
from motcua.compliance.models import SoftwareRequest
from motcua.core.models import AuditEntry
from motcua.directory.models import Agency

from .builders import record_results, result_entry

pytestmark = pytest.mark.django_db

FIX_TEST = "tests/e2e/test_backoffice.py::test_navigation_order_follows_the_province"
BROKEN_TEST = "src/motcua/reports/tests/test_book.py::test_book_numbering"


@pytest.fixture
def agency():
    return Agency.objects.create(
        code="000.00.05.H48", name="Sở Tư pháp", kind="department", level="province"
    )


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_superuser("vanthu", password="x")


def register(agency, actor, **fields):
    data = {
        "agency": agency,
        "received_on": dt.date(2022, 8, 12),
        "reference": "Công văn 1376/VP-TTHC, mục 5",
        "subject": "Sắp xếp lại thứ tự nhóm chức năng",
        "description": "Bố cục phần quản trị theo thứ tự tỉnh đã đề nghị ở phiên bản 1.0.",
        **fields,
    }
    return services.register_request(actor=actor, **data)


def test_registering_and_answering_a_request_is_audited(agency, clerk):
    request = register(
        agency,
        clerk,
        subject="  Sắp xếp   lại thứ tự nhóm chức năng ",
        criteria=["PL2-8", "PL2-8", " PL5-6 "],
    )
    assert request.subject == "Sắp xếp lại thứ tự nhóm chức năng"
    assert request.criteria == ["PL2-8", "PL5-6"]
    assert request.status == SoftwareRequest.Status.RECEIVED
    assert request.search_text == "cong van 1376 vp-tthc muc 5 sap xep lai thu tu nhom chuc nang"

    answered = services.update_request(
        request,
        actor=clerk,
        status="resolved",
        answer="Đã bổ sung cấu hình thứ tự nhóm chức năng cho quản trị tỉnh.",
        resolved_on=dt.date(2022, 11, 30),
        evidence_tests=[FIX_TEST],
    )
    assert answered.status == "resolved"
    entries = list(AuditEntry.objects.filter(object_id=str(request.pk)).order_by("id"))
    assert [e.action for e in entries] == [
        "compliance.request.registered",
        "compliance.request.updated",
    ]
    assert entries[0].actor == clerk
    assert entries[0].details["agency"] == {"id": agency.pk, "name": "Sở Tư pháp"}
    assert entries[1].details["changed"]["status"] == {"from": "received", "to": "resolved"}
    assert entries[1].details["changed"]["resolved_on"] == {"from": None, "to": "2022-11-30"}
    assert set(entries[1].details["changed"]) == {
        "status",
        "answer",
        "resolved_on",
        "evidence_tests",
    }

    # Saving the same values again records nothing.
    services.update_request(answered, actor=clerk, status="resolved")
    assert AuditEntry.objects.filter(object_id=str(request.pk)).count() == 2


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"received_on": timezone.localdate() + dt.timedelta(days=1)},
            "received_on",
            "Ngày tiếp nhận không được sau ngày hôm nay.",
        ),
        (
            {"status": "resolved", "resolved_on": dt.date(2022, 9, 1)},
            "answer",
            "Cần ghi kết quả xử lý, trả lời khi kiến nghị đã được giải quyết.",
        ),
        (
            {"status": "declined", "answer": "Ngoài phạm vi hợp đồng."},
            "resolved_on",
            "Cần ghi ngày giải quyết xong khi kiến nghị đã được giải quyết.",
        ),
        (
            {"status": "resolved", "answer": "Đã sửa.", "resolved_on": dt.date(2022, 8, 1)},
            "resolved_on",
            "Ngày giải quyết xong không được trước ngày tiếp nhận.",
        ),
        (
            {"status": "in_progress", "resolved_on": dt.date(2022, 9, 1)},
            "resolved_on",
            "Kiến nghị chưa giải quyết xong thì chưa có ngày giải quyết.",
        ),
        (
            {"criteria": ["PL2-8", "PL9-1"]},
            "criteria",
            "Mã tiêu chí không có trong sổ tiêu chí: PL9-1.",
        ),
        (
            {"evidence_tests": ["kiểm thử số 3"]},
            "evidence_tests",
            "Mã kiểm thử phải có dạng",
        ),
        ({"subject": "   "}, "subject", "Trường này không được để trắng."),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_changes_nothing(
    agency, clerk, fields, field, message
):
    with pytest.raises(ValidationError) as caught:
        register(agency, clerk, **fields)
    assert any(message in m for m in caught.value.message_dict[field])
    assert not SoftwareRequest.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_refused_update_leaves_the_request_as_it_was(agency, clerk):
    request = register(agency, clerk)
    with pytest.raises(ValidationError):
        services.update_request(request, actor=clerk, status="resolved", answer="Đã sửa.")
    request.refresh_from_db()
    assert request.status == "received"
    assert AuditEntry.objects.filter(action="compliance.request.updated").count() == 0


def test_the_report_shows_each_request_beside_its_criteria_with_the_evidence_of_the_fix(
    agency, clerk, var_dir
):
    record_results(
        var_dir / "compliance" / "test-results.json",
        result_entry(FIX_TEST, "passed", "PL2-8", artifacts=["test-artifacts/nav.png"]),
        result_entry(BROKEN_TEST, "failed", "PL2-3.1"),
    )
    proven = register(
        agency,
        clerk,
        criteria=["PL2-8"],
        status="resolved",
        answer="Đã bổ sung.",
        resolved_on=dt.date(2022, 11, 30),
        evidence_tests=[FIX_TEST],
    )
    claimed = register(
        agency,
        clerk,
        subject="Sổ theo dõi đánh số liên tục",
        status="resolved",
        answer="Đã sửa.",
        resolved_on=dt.date(2022, 11, 15),
    )
    failing = register(
        agency,
        clerk,
        subject="Số liệu sổ theo dõi",
        criteria=["PL2-3.1"],
        status="in_progress",
        evidence_tests=[BROKEN_TEST],
    )
    untested = register(agency, clerk, subject="Ki-ốt", evidence_tests=["tests/test_x.py::test_y"])

    report = services.current_report(lang="vi")
    requests = {r["number"]: r for r in report["requests"]}
    assert requests[proven.pk]["evidence"]["state"] == "passing"
    assert requests[proven.pk]["evidence"]["tests"][0]["artifacts"][0]["path"] == (
        "test-artifacts/nav.png"
    )
    assert requests[proven.pk]["warning"] == ""
    assert requests[claimed.pk]["evidence"]["state"] == "none"
    assert requests[claimed.pk]["warning"] == "Đã báo khắc phục nhưng chưa có minh chứng đạt."
    assert requests[failing.pk]["evidence"]["state"] == "failing"
    assert requests[untested.pk]["evidence"]["state"] == "incomplete"
    assert requests[untested.pk]["evidence"]["tests"][0]["outcome"] == "not_run"
    assert report["requests_summary"] == {
        "total": 4,
        "closed": 2,
        "with_passing_evidence": 1,
        "warnings": 1,
    }
    criteria = {c["id"]: c for s in report["sections"] for c in s["criteria"]}
    assert criteria["PL2-8"]["requests"] == [proven.pk]
    assert criteria["PL2-3.1"]["requests"] == [failing.pk]


def test_the_admin_screens_write_through_the_services(client, agency, clerk):
    client.force_login(clerk)
    add_url = reverse("admin:compliance_softwarerequest_add")
    form = {
        "agency": agency.pk,
        "reference": "Công văn 1376/VP-TTHC",
        "received_on": "2022-08-12",
        "kind": "defect",
        "subject": "Không in được phiếu hẹn trả",
        "description": "Phiếu in thiếu dấu tiếng Việt.",
        "status": "received",
        "answer": "",
        "resolved_on": "",
        "criteria": "PL9-1",
        "evidence_tests": "",
    }
    response = client.post(add_url, form)
    assert response.status_code == 200
    assert "Mã tiêu chí không có trong sổ tiêu chí: PL9-1." in response.content.decode()
    assert not SoftwareRequest.objects.exists()

    response = client.post(add_url, {**form, "criteria": "PL2-2.3, PL5-7"})
    assert response.status_code == 302
    request = SoftwareRequest.objects.get()
    assert request.criteria == ["PL2-2.3", "PL5-7"]
    assert AuditEntry.objects.get(action="compliance.request.registered").actor == clerk

    change_url = reverse("admin:compliance_softwarerequest_change", args=[request.pk])
    response = client.post(
        change_url,
        {
            **form,
            "criteria": "PL2-2.3",
            "status": "resolved",
            "answer": "Đã nhúng phông chữ.",
            "resolved_on": "2022-11-20",
            "evidence_tests": FIX_TEST,
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.evidence_tests) == ("resolved", [FIX_TEST])
    updated = AuditEntry.objects.get(action="compliance.request.updated")
    assert updated.details["changed"]["criteria"] == {
        "from": ["PL2-2.3", "PL5-7"],
        "to": ["PL2-2.3"],
    }

    delete_url = reverse("admin:compliance_softwarerequest_delete", args=[request.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert SoftwareRequest.objects.filter(pk=request.pk).exists()

    found = client.get(reverse("admin:compliance_softwarerequest_changelist"), {"q": "phieu hen"})
    assert "Không in được phiếu hẹn trả" in found.content.decode()
