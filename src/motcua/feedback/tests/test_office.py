"""The back office's screens: officials of the addressed agency accept or refuse, answer and
publish feedback (others do not even see it); the desk's rating tablet."""

import pytest
from django.urls import reverse

from motcua.backoffice.tests.helpers import counter_dossier
from motcua.feedback.models import Feedback, SatisfactionRating

from .helpers import client_for, feedback, finished, returned

pytestmark = pytest.mark.django_db

LIST = "/mot-cua/phan-anh-kien-nghi/"


def detail(item) -> str:
    return reverse("feedback:office_detail", args=[item.pk])


def act(item, name: str) -> str:
    return reverse(f"feedback:office_{name}", args=[item.pk])


@pytest.mark.criterion("PL3-18")
def test_the_agency_accepts_answers_and_publishes_from_its_list(world, client):
    dossier = finished(world)
    item = feedback(world, dossier=dossier, subject="Hồ sơ chậm")
    leader = client_for(world.agency_leader)
    assert reverse("feedback:office_list") == LIST
    listing = leader.get(LIST).content.decode()
    assert item.reference in listing and "Chờ tiếp nhận" in listing
    assert 'data-nav="feedback"' in listing  # in the back office's menu
    page = leader.get(detail(item)).content.decode()
    assert "Hạn xem xét tiếp nhận" in page and "Hồ sơ chậm" in page
    assert f'href="/mot-cua/ho-so/{dossier.code}/"' in page  # the dossier, for its officials
    assert leader.post(act(item, "accept")).status_code == 302
    item.refresh_from_db()
    assert item.status == Feedback.Status.PROCESSING and item.answer_due_at
    page = leader.get(detail(item)).content.decode()
    assert "Hạn trả lời" in page and item.answer_due_at.astimezone().strftime("%d/%m/%Y") in page
    clerk = client_for(world.clerk)
    response = clerk.post(
        act(item, "answer"),
        {"answer": "Hồ sơ đã được giải quyết, xin lỗi ông/bà.", "outcome": "justified"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Feedback.Status.ANSWERED and item.published_at is None  # unticked
    assert "Hồ sơ chậm" not in client.get(reverse("feedback:public_list")).content.decode()
    assert clerk.post(act(item, "publish")).status_code == 302
    item.refresh_from_db()
    assert item.published_at is not None
    public = client.get(reverse("feedback:public_list")).content.decode()
    assert "Hồ sơ chậm" in public and "Hồ sơ đã được giải quyết, xin lỗi ông/bà." in public
    answered = leader.get(LIST + "?tab=answered").content.decode()
    assert item.reference in answered


@pytest.mark.criterion("PL3-18")
def test_officials_of_other_agencies_neither_see_nor_answer(world, other_world):
    item = feedback(world)
    outsider = client_for(other_world.agency_leader)
    assert item.reference not in outsider.get(LIST).content.decode()
    assert outsider.get(detail(item)).status_code == 404
    for name in ("accept", "refuse", "answer", "publish"):
        assert outsider.post(act(item, name), {"reason": "x"}).status_code == 404
    # Officials without a handling role do not get the screen at all.
    assert client_for(world.specialist).get(LIST).status_code == 403
    assert client_for(world.citizen).get(LIST).status_code == 403
    item.refresh_from_db()
    assert item.status == Feedback.Status.RECEIVED
    assert item.reference in client_for(world.province_admin).get(LIST).content.decode()


def test_bad_input_and_late_clicks_change_nothing(world):
    item = feedback(world)
    leader = client_for(world.agency_leader)
    refused = leader.post(act(item, "refuse"), {"reason": "  "})
    assert refused.status_code == 400
    assert "Vui lòng nêu lý do từ chối tiếp nhận." in refused.content.decode()
    assert leader.post(act(item, "accept")).status_code == 302
    again = leader.post(act(item, "accept"))
    assert again.status_code == 409
    assert "đã được xử lý tiếp nhận" in again.content.decode()
    answer = leader.post(act(item, "answer"), {"answer": "Đã xem.", "outcome": ""})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Vui lòng chọn kết quả xử lý." in html and "Đã xem." in html  # the text is kept
    item.refresh_from_db()
    assert (item.status, item.answer) == (Feedback.Status.PROCESSING, "")
    assert leader.get(act(item, "accept")).status_code == 405


def test_refusing_says_why(world):
    item = feedback(world)
    leader = client_for(world.agency_leader)
    response = leader.post(act(item, "refuse"), {"reason": "Nội dung không thuộc thẩm quyền."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Feedback.Status.REFUSED
    assert "Nội dung không thuộc thẩm quyền." in leader.get(detail(item)).content.decode()


# --- the desk's rating tablet ------------------------------------------------------------------


@pytest.mark.criterion("PL3-9")
def test_the_desk_opens_the_rating_tablet_after_returning_the_result(world):
    dossier = returned(world)
    desk = client_for(world.reception)
    kiosk = reverse("feedback:kiosk", args=[dossier.code])
    dossier_page = desk.get(reverse("backoffice:dossier", args=[dossier.code])).content.decode()
    assert f'href="{kiosk}"' in dossier_page and "Mời người dân đánh giá" in dossier_page
    tablet = desk.get(kiosk).content.decode()
    assert "Đánh giá sự hài lòng" in tablet and dossier.code in tablet
    assert 'data-nav="' not in tablet  # nothing else to click for the citizen
    bad = desk.post(kiosk, {"staff_attitude": "very_satisfied"})
    assert bad.status_code == 400 and "Vui lòng chọn mức độ hài lòng chung." in bad.content.decode()
    response = desk.post(kiosk, {"overall": "very_satisfied", "staff_attitude": "very_satisfied"})
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:kiosk_done", args=[dossier.code])
    assert "Cảm ơn ông/bà đã đánh giá!" in desk.get(response["Location"]).content.decode()
    rating = SatisfactionRating.objects.get(dossier=dossier)
    assert (rating.channel, rating.recorded_by, rating.staff_attitude) == (
        "kiosk",
        world.reception,
        "very_satisfied",
    )
    # Once rated: no link, and the tablet shows the rating instead of the form.
    after = desk.get(reverse("backoffice:dossier", args=[dossier.code])).content.decode()
    assert f'href="{kiosk}"' not in after
    assert "Hồ sơ này đã được đánh giá." in desk.get(kiosk).content.decode()
    assert desk.post(kiosk, {"overall": "unsatisfied"}).status_code == 400
    assert SatisfactionRating.objects.filter(dossier=dossier).count() == 1


def test_the_tablet_is_for_the_receiving_desk_and_for_dossiers_with_a_result(world, other_world):
    dossier = finished(world)
    kiosk = reverse("feedback:kiosk", args=[dossier.code])
    assert client_for(other_world.reception).get(kiosk).status_code == 404
    assert client_for(world.specialist).get(kiosk).status_code == 403
    clerk = client_for(world.clerk)  # returns results, but at the department, not this desk
    assert clerk.get(kiosk).status_code == 403
    clerk_page = clerk.get(reverse("backoffice:dossier", args=[dossier.code])).content.decode()
    assert "Mời người dân đánh giá" not in clerk_page
    assert client_for(world.citizen).get(kiosk).status_code == 403
    received = counter_dossier(world)  # no result yet
    desk = client_for(world.reception)
    page = desk.get(reverse("feedback:kiosk", args=[received.code])).content.decode()
    assert "sau khi đã có kết quả giải quyết" in page
    refused = desk.post(reverse("feedback:kiosk", args=[received.code]), {"overall": "satisfied"})
    assert refused.status_code == 400
    assert not SatisfactionRating.objects.exists()
