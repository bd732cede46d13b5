"""The portal's screens: rating one's own dossier, sending feedback, the public answers, one's
own feedback, the help page — and that nobody rates or reads what is not theirs."""

import re

import pytest
from django.urls import reverse

from motcua.core.models import AuditEntry
from motcua.feedback import services
from motcua.feedback.models import Feedback, SatisfactionRating

from .helpers import client_for, feedback, finished, returned

pytestmark = pytest.mark.django_db


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def my_dossier(dossier) -> str:
    return reverse("portal:my_dossier", args=[dossier.code])


def rate_url(dossier) -> str:
    return reverse("feedback:rate", args=[dossier.code])


# --- rating ------------------------------------------------------------------------------------


@pytest.mark.criterion("PL3-9")
def test_the_owner_rates_a_finished_dossier_from_its_page(world):
    dossier = returned(world)
    client = client_for(world.citizen)
    html = page(client, my_dossier(dossier))
    assert "Đánh giá sự hài lòng" in html
    for level in ("Rất hài lòng", "Hài lòng", "Chưa hài lòng"):
        assert f">{level}</label>" in html
    for detail in ("Tiến độ giải quyết hồ sơ", "Thái độ của cán bộ", "Cách cán bộ phục vụ"):
        assert detail in html
    response = client.post(
        rate_url(dossier),
        {
            "overall": "satisfied",
            "timeliness": "very_satisfied",
            "staff_attitude": "",
            "contacts": "2",
            "attitude": "1",
            "comment": "Nhanh, gọn.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == my_dossier(dossier) + "#danh-gia"
    rating = SatisfactionRating.objects.get(dossier=dossier)
    assert (rating.overall, rating.timeliness, rating.staff_attitude) == (
        "satisfied",
        "very_satisfied",
        "",
    )
    assert (rating.index_contacts, rating.index_attitude, rating.index_bodies) == (2, 1, None)
    after = page(client, my_dossier(dossier))
    assert "Cảm ơn bạn đã đánh giá" in after  # the thank-you message
    assert "Hồ sơ này đã được đánh giá" in after
    assert "<strong>Hài lòng</strong>" in after and "Nhanh, gọn." in after
    assert 'action="' + rate_url(dossier) not in after  # no second form
    second = client.post(rate_url(dossier), {"overall": "unsatisfied"})
    assert second.status_code == 400
    assert "chỉ được đánh giá một lần" in second.content.decode()
    assert SatisfactionRating.objects.filter(dossier=dossier).count() == 1


def test_no_rating_form_before_the_result(world):
    dossier = services.Dossier.objects.get(pk=finished(world).pk)
    dossier.state = "processing"
    dossier.save(update_fields=["state"])
    client = client_for(world.citizen)
    assert "Đánh giá sự hài lòng" not in page(client, my_dossier(dossier))
    response = client.post(rate_url(dossier), {"overall": "satisfied"})
    assert response.status_code == 400
    assert "sau khi đã có kết quả giải quyết" in response.content.decode()
    assert not SatisfactionRating.objects.exists()


@pytest.mark.criterion("PL3-9")
def test_another_citizen_cannot_see_or_rate_the_dossier(world, other_world):
    dossier = finished(world)
    for intruder in (other_world.citizen, world.stranger):
        client = client_for(intruder)
        assert client.get(my_dossier(dossier)).status_code == 404
        assert client.get(rate_url(dossier)).status_code == 404
        assert client.post(rate_url(dossier), {"overall": "unsatisfied"}).status_code == 404
    anonymous = client_for(world.citizen)
    anonymous.logout()
    response = anonymous.post(rate_url(dossier), {"overall": "unsatisfied"})
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]
    # An official who may see the dossier does not rate it as if they owned it.
    official = client_for(world.reception)
    assert official.post(rate_url(dossier), {"overall": "unsatisfied"}).status_code == 403
    assert not SatisfactionRating.objects.exists()


def test_a_rating_without_the_overall_level_is_refused_with_the_form_kept(world):
    dossier = finished(world)
    client = client_for(world.citizen)
    response = client.post(rate_url(dossier), {"timeliness": "unsatisfied", "comment": "Chậm"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng chọn mức độ hài lòng chung." in html
    assert re.search(r'name="timeliness" value="unsatisfied"[^>]*checked', html)
    bad = client.post(rate_url(dossier), {"overall": "rat_tot"})
    assert bad.status_code == 400
    assert not SatisfactionRating.objects.exists()


# --- feedback ----------------------------------------------------------------------------------


def send_data(world, **kw) -> dict:
    values = {
        "sender_name": "Trần Thị Bình",
        "sender_contact": "binh@example.com",
        "agency": str(world.department.pk),
        "dossier_code": "",
        "kind": "conduct",
        "subject": "Cán bộ hướng dẫn chưa rõ",
        "content": "Tôi phải đi lại hai lần vì hướng dẫn chưa đầy đủ.",
    }
    values.update(kw)
    return values


@pytest.mark.criterion("PL3-18")
def test_anyone_sends_feedback_and_gets_a_reference(world, client):
    form = page(client, reverse("feedback:send"))
    assert world.department.name in form and "Phản ánh về hành vi hành chính" in form
    response = client.post(reverse("feedback:send"), send_data(world))
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert response["Location"] == reverse("feedback:sent", args=[item.pk])
    assert (item.agency, item.channel, item.kind, item.sender) == (
        world.department,
        "portal",
        "conduct",
        None,
    )
    done = page(client, response["Location"])
    assert item.reference in done and "02 ngày làm việc" in done
    assert AuditEntry.objects.filter(action="feedback.received", object_id=str(item.pk)).exists()
    # The confirmation is the sender's only: another browser gets nothing.
    stranger = client_for(world.stranger)
    assert stranger.get(reverse("feedback:sent", args=[item.pk])).status_code == 404


@pytest.mark.criterion("PL3-18")
def test_a_dossier_code_addresses_the_settling_agency(world, client):
    dossier = finished(world)
    response = client.post(
        reverse("feedback:send"),
        send_data(world, agency="", dossier_code=dossier.code.lower(), kind="processing"),
    )
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert (item.dossier, item.agency) == (dossier, dossier.settling_agency)


def test_bad_feedback_is_refused_with_clear_errors_and_nothing_saved(world, client):
    response = client.post(
        reverse("feedback:send"),
        send_data(world, agency="", dossier_code="000.00.00.H48-260101-9999", subject=""),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không tìm thấy hồ sơ có mã “000.00.00.H48-260101-9999”" in html
    assert "Vui lòng sửa các lỗi sau" in html
    missing = client.post(reverse("feedback:send"), send_data(world, agency="", kind=""))
    assert missing.status_code == 400
    text = missing.content.decode()
    assert "Vui lòng chọn cơ quan, đơn vị hoặc ghi mã số hồ sơ." in text
    assert "Vui lòng chọn nội dung phản ánh, kiến nghị về việc gì." in text
    assert not Feedback.objects.exists()


@pytest.mark.criterion("PL3-18", "S-1")
def test_sending_feedback_is_limited_per_address(world, client, settings):
    settings.MOTCUA_RATE_FEEDBACK = "2/h"
    for _ in range(2):
        assert client.post(reverse("feedback:send"), send_data(world)).status_code == 302
    refused = client.post(reverse("feedback:send"), send_data(world))
    assert refused.status_code == 429
    assert "quá nhiều phản ánh" in refused.content.decode()
    assert Feedback.objects.count() == 2


@pytest.mark.criterion("PL3-18")
def test_the_public_list_shows_published_answers_without_the_sender(world, client):
    published = feedback(world, subject="Hỏi về lệ phí khai sinh", sender_name="Lê Văn Cường")
    services.accept_feedback(published, actor=world.agency_leader)
    services.answer_feedback(
        published, answer="Đăng ký khai sinh đúng hạn được miễn lệ phí.", outcome="explained"
    )
    unpublished = feedback(world, subject="Câu hỏi chưa công khai")
    services.accept_feedback(unpublished)
    services.answer_feedback(
        unpublished, answer="Trả lời riêng.", outcome="explained", publish=False
    )
    feedback(world, subject="Chưa trả lời")
    html = page(client, reverse("feedback:public_list"))
    assert "Hỏi về lệ phí khai sinh" in html
    assert "Đăng ký khai sinh đúng hạn được miễn lệ phí." in html
    assert "Phản ánh đúng" not in html and "Đã giải thích, hướng dẫn" in html
    for hidden in ("Câu hỏi chưa công khai", "Chưa trả lời", "Lê Văn Cường", "0905123456"):
        assert hidden not in html
    # Each published answer has its page, listed in the site map; the others have neither.
    detail = reverse("feedback:public_detail", args=[published.pk])
    assert "Hỏi về lệ phí khai sinh" in page(client, detail)
    hidden = reverse("feedback:public_detail", args=[unpublished.pk])
    assert client.get(hidden).status_code == 404
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{detail}" in sitemap and hidden not in sitemap


@pytest.mark.criterion("PL3-18")
def test_a_signed_in_sender_follows_the_answer_and_says_whether_it_satisfies(world):
    client = client_for(world.citizen)
    form = page(client, reverse("feedback:send"))
    assert 'value="Nguyễn Văn An"' in form  # prefilled from the account
    assert client.post(reverse("feedback:send"), send_data(world)).status_code == 302
    item = Feedback.objects.get()
    assert item.sender == world.citizen
    mine = page(client, reverse("feedback:mine"))
    assert item.reference in mine and "Mới tiếp nhận" in mine
    services.accept_feedback(item, actor=world.clerk)
    services.answer_feedback(
        item, answer="Đã nhắc nhở cán bộ.", outcome="justified", actor=world.clerk
    )
    mine = page(client, reverse("feedback:mine"))
    assert "Đã nhắc nhở cán bộ." in mine and "Bạn có hài lòng với câu trả lời này không?" in mine
    # Nobody else answers for the sender.
    url = reverse("feedback:sender_satisfaction", args=[item.pk])
    assert client_for(world.stranger).post(url, {"hai_long": "0"}).status_code == 404
    assert client.post(url, {"hai_long": "1"}).status_code == 302
    item.refresh_from_db()
    assert item.sender_satisfied is True
    assert "Bạn đã cho biết: hài lòng" in page(client, reverse("feedback:mine"))
    assert item.reference not in page(client_for(world.stranger), reverse("feedback:mine"))


# --- help --------------------------------------------------------------------------------------


@pytest.mark.criterion("PL3-7")
def test_the_help_page_guides_lists_questions_and_gives_the_hotline(world, client, settings):
    settings.MOTCUA_FEEDBACK_EMAIL = "gopy@quangngai.gov.vn"
    world.desk.phone = "0255 3 822 123"
    world.desk.save()
    html = page(client, reverse("feedback:help"))
    for section in (
        "Nộp hồ sơ trực tuyến",
        "Nộp phí, lệ phí",
        "Theo dõi hồ sơ",
        "Bổ sung hồ sơ",
        "Nhận kết quả",
        "Đánh giá sự hài lòng",
        "Phản ánh, kiến nghị",
        "Câu hỏi thường gặp",
        "Đường dây nóng, liên hệ",
    ):
        assert f">{section}</h2>" in html, section
    assert "<summary>Tra cứu hồ sơ có cần đăng nhập không?</summary>" in html
    assert 'href="tel:02553822123"' in html and "0255 3 822 123" in html
    assert 'href="mailto:gopy@quangngai.gov.vn"' in html
    # Filing off (the national portal is the online channel), then on (this portal).
    settings.MOTCUA_PORTAL_FILING_ENABLED = False
    assert "Cổng Dịch vụ công quốc gia hoặc ứng dụng VNeID" in page(
        client, reverse("feedback:help")
    )
    settings.MOTCUA_PORTAL_FILING_ENABLED = True
    assert "Kiểm tra lại và bấm “Nộp hồ sơ”" in page(client, reverse("feedback:help"))
    # The English portal serves the same pages under /en/.
    for path in ("/en/huong-dan/", "/en/phan-anh-kien-nghi/", "/en/phan-anh-kien-nghi/gui/"):
        assert '<html lang="en">' in page(client, path)


def test_unpublished_questions_stay_off_the_help_page(client):
    from motcua.feedback.models import FaqEntry

    FaqEntry.objects.create(question="Câu hỏi nháp?", answer="Chưa xong.", published=False)
    assert "Câu hỏi nháp?" not in page(client, reverse("feedback:help"))
