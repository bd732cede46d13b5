"""The dossier page and its actions: only ``available_actions`` are offered, each asks for what
it needs, conflicts and refusals are explained (never a 500), and one dossier travels through
every role's screens."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.models import Dossier, Extension
from motcua.dossiers.states import State

from .helpers import client_for, counter_dossier, online_dossier, to_approval, v

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def page(client, dossier):
    response = client.get(reverse("backoffice:dossier", args=[dossier.code]))
    assert response.status_code == 200
    return response.content.decode()


def act(client, dossier, action, **data):
    dossier.refresh_from_db()
    data.setdefault("expected_version", dossier.version)
    response = client.post(reverse("backoffice:action", args=[dossier.code, action]), data)
    if response.status_code == 302:
        client.get(response.url)  # shows (and so consumes) the confirmation message
    return response


def offered(html: str) -> set[str]:
    import re

    return set(re.findall(r'data-action="([a-z_]+)"', html))


def in_work(client, dossier) -> bool:
    """Whether the dossier is in the user's work list (the list alone: no pending messages)."""
    response = client.get(reverse("backoffice:my_work"), HTTP_HX_REQUEST="true")
    return dossier.code in response.content.decode()


@pytest.mark.criterion("D3.8", "PL2-7", "PL2-8")
def test_one_dossier_through_every_role_on_the_screens(world):
    d = counter_dossier(world)
    specialist = client_for(world.specialist)
    assert in_work(specialist, d)
    html = page(specialist, d)
    assert {"record_result", "forward", "request_supplement"} <= offered(html)
    assert "approve" not in offered(html) and "return_result" not in offered(html)
    assert "Thẩm định hồ sơ, dự thảo kết quả" in html and "Chưa đến lượt" in html

    result = act(
        specialist,
        d,
        "record_result",
        result_type=world.version.result_types.get().pk,
        document_number="15/GKS",
        file=SimpleUploadedFile("du-thao.pdf", PDF, content_type="application/pdf"),
    )
    assert result.status_code == 302
    assert act(specialist, d, "forward", note="Đủ điều kiện").status_code == 302
    assert not in_work(specialist, d)

    leader = client_for(world.division_leader)
    assert in_work(leader, d)
    assert "approve" in offered(page(leader, d))
    assert act(leader, d, "approve", note="Đồng ý").status_code == 302
    assert act(leader, d, "forward").status_code == 302

    director = client_for(world.agency_leader)
    html = page(director, d)
    assert {"sign_result", "refuse_after_appraisal"} <= offered(html)
    signed = act(director, d, "sign_result", result_id=d.results.get().pk)
    assert signed.status_code == 302
    assert act(director, d, "forward").status_code == 302

    clerk = client_for(world.clerk)
    assert in_work(clerk, d)
    assert act(clerk, d, "finish").status_code == 302
    d.refresh_from_db()
    assert d.state == State.FINISHED

    desk = client_for(world.reception)
    returns = desk.get(reverse("backoffice:returns")).content.decode()
    assert d.code in returns
    unpaid = act(desk, d, "return_result", method="counter", recipient_name="Nguyễn Văn An")
    assert unpaid.status_code == 400
    assert "Còn khoản phí, lệ phí chưa nộp." in unpaid.content.decode()
    paid = act(desk, d, "record_payment", method="cash", receipt_number="BL-15")
    assert paid.status_code == 302
    early = act(desk, d, "return_result", method="counter", recipient_name="Nguyễn Văn An")
    assert early.status_code == 400  # before the appointment day: the applicant must be told
    assert "phải thông báo trước cho người nộp" in early.content.decode()
    done = act(desk, d, "return_result", method="counter", early_return_notified="on")
    assert done.status_code == 302
    d.refresh_from_db()
    assert d.state == State.RETURNED
    history = page(desk, d)
    for label in (
        "Tiếp nhận hồ sơ",
        "Cập nhật kết quả giải quyết",
        "Phê duyệt",
        "Ký kết quả",
        "Hoàn thành xử lý",
        "Trả kết quả",
    ):
        assert label in history
    assert d.code not in desk.get(reverse("backoffice:returns")).content.decode()


def test_a_stale_version_is_a_conflict_shown_over_the_fresh_dossier(world):
    d = counter_dossier(world)
    specialist = client_for(world.specialist)
    stale = d.version
    services.forward(d, actor=world.specialist, **v(d))  # someone acted meanwhile
    response = specialist.post(
        reverse("backoffice:action", args=[d.code, "request_supplement"]),
        {"expected_version": stale, "items": "Giấy chứng sinh", "reason": "Thiếu"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Hồ sơ vừa được người khác cập nhật, vui lòng tải lại." in response.content.decode()
    d.refresh_from_db()
    assert d.state == State.PROCESSING and not d.supplements.exists()


def test_impossible_and_forbidden_actions_are_explained_not_crashed(world):
    d = counter_dossier(world)
    specialist = client_for(world.specialist)
    too_early = act(specialist, d, "return_result", method="counter")
    assert too_early.status_code == 409
    assert "Không thể thực hiện “Trả kết quả”" in too_early.content.decode()
    forbidden = act(specialist, d, "approve")
    assert forbidden.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác “Phê duyệt”" in forbidden.content.decode()
    unknown = specialist.get(reverse("backoffice:action", args=[d.code, "nope"]))
    assert unknown.status_code == 404
    # Asking for a form that is not offered now leads back to the page with a note.
    response = specialist.get(reverse("backoffice:action", args=[d.code, "approve"]), follow=True)
    assert "hiện không thực hiện được" in response.content.decode()


def test_bad_input_is_shown_on_the_form_and_changes_nothing(world):
    d = counter_dossier(world)
    response = act(client_for(world.specialist), d, "request_supplement", items="", reason="")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng liệt kê đầy đủ các giấy tờ cần bổ sung." in html
    d.refresh_from_db()
    assert d.state == State.RECEIVED and d.version == 2


def test_htmx_loads_the_form_in_place_and_redirects_the_page_after_success(world):
    d = counter_dossier(world)
    client = client_for(world.specialist)
    url = reverse("backoffice:action", args=[d.code, "forward"])
    form = client.get(url, HTTP_HX_REQUEST="true")
    assert b"<html" not in form.content and b'name="expected_version"' in form.content
    done = client.post(url, {"expected_version": d.version}, HTTP_HX_REQUEST="true")
    assert done.status_code == 200
    assert done["HX-Redirect"] == reverse("backoffice:dossier", args=[d.code])


@pytest.mark.criterion("PL2-2.1")
def test_online_dossier_is_received_from_the_intake_queue_with_its_settings(world):
    d = online_dossier(world)
    desk = client_for(world.reception)
    queue = desk.get(reverse("backoffice:intake")).content.decode()
    assert d.code in queue
    assert {"receive", "request_intake_fix", "refuse_reception"} <= offered(page(desk, d))
    response = act(desk, d, "receive", return_method="online")
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.state == State.RECEIVED
    assert d.code not in desk.get(reverse("backoffice:intake")).content.decode()


@pytest.mark.criterion("PL2-2.3")
def test_intake_fix_lists_everything_once_with_reasons_the_citizen_sees(world):
    d = online_dossier(world)
    desk = client_for(world.reception)
    act(
        desk,
        d,
        "request_intake_fix",
        items="Giấy chứng sinh bản chính\nTờ khai có chữ ký",
        reason="Bản quét không đọc được.",
    )
    d.refresh_from_db()
    assert d.state == State.INTAKE_FIX_REQUESTED
    assert d.supplements.get().items == ["Giấy chứng sinh bản chính", "Tờ khai có chữ ký"]
    assert "Bản quét không đọc được." in page(desk, d)


@pytest.mark.criterion("PL2-2.7")
def test_extension_with_apology_sets_the_new_date_and_offers_the_apology_letter(world):
    d = counter_dossier(world)
    d = services.forward(d, actor=world.specialist, **v(d))
    director = client_for(world.agency_leader)
    assert "extend" in offered(page(director, d))
    new_due = (d.due_at.astimezone() + __import__("datetime").timedelta(days=7)).date()
    response = act(
        director,
        d,
        "extend",
        new_due_date=new_due.isoformat(),
        new_due_time="16:30",
        reason="Cần xác minh thêm.",
        apology_text="Chúng tôi thành thật xin lỗi ông/bà.",
    )
    assert response.status_code == 302
    extension = Extension.objects.get(dossier=d)
    assert extension.new_due_at.astimezone().date() == new_due
    html = page(director, d)
    assert reverse("documents:form_download", args=[d.code, "xin-loi", "pdf"]) in html
    assert "extend" not in offered(html)  # once only


def test_component_files_are_previewed_inline_for_those_who_may_see_the_dossier(world):
    d = counter_dossier(
        world,
        components=[
            services.ComponentData(name="Tờ khai", files=[SimpleUploadedFile("to-khai.pdf", PDF)])
        ],
    )
    stored = d.components.get().files.get()
    url = reverse("backoffice:file", args=[d.code, stored.pk])
    html = page(client_for(world.specialist), d)
    assert f'<iframe class="bo-preview" src="{url}"' in html
    response = client_for(world.specialist).get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == PDF
    assert client_for(world.consulted).get(url).status_code == 404  # another agency


def test_approval_then_refusal_by_the_agency_leader_is_a_result_at_the_desk(world):
    d = to_approval(world, counter_dossier(world))
    director = client_for(world.agency_leader)
    missing = act(director, d, "refuse_after_appraisal", reason="")
    assert missing.status_code == 400
    act(director, d, "refuse_after_appraisal", reason="Không đủ điều kiện theo quy định.")
    d = Dossier.objects.get(pk=d.pk)
    assert d.state == State.FINISHED and d.decision == "refused"
    assert d.code in client_for(world.reception).get(reverse("backoffice:returns")).content.decode()
