"""A dossier that arrived by post, registered at the counter in real Chromium: the officer
chooses “Qua dịch vụ bưu chính”, notes the postal item number and the day it arrived, and
receives it; the dossier is recorded as sent by post."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier, DossierChannel
from motcua.dossiers.states import Action

from .test_backoffice import scan, sign_in, world  # noqa: F401  (the fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.criterion("PL2-2.1")
def test_a_dossier_arrived_by_post_is_registered_at_the_counter(
    page,
    base_url,
    world,  # noqa: F811
    scan,  # noqa: F811
    axe,
    screenshot,
):
    sign_in(page, base_url, world.reception)
    page.goto(base_url + "/mot-cua/tiep-nhan/")
    page.get_by_label("Tìm thủ tục theo tên hoặc mã (gõ không dấu được)").fill("khai sinh")
    page.locator("#procedure-results").get_by_role("link", name="Đăng ký khai sinh").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiếp nhận hồ sơ")
    channel = page.get_by_role("group", name="Hình thức nộp")
    expect(channel.get_by_label("Trực tiếp tại Bộ phận Một cửa")).to_be_checked()
    channel.get_by_label("Qua dịch vụ bưu chính").check()
    page.get_by_label("Số hiệu bưu gửi").fill("EE123456789VN")
    arrived = timezone.localdate() - dt.timedelta(days=1)
    page.get_by_label("Ngày bưu gửi đến").fill(arrived.isoformat())
    page.locator("#id_file_0").set_input_files(str(scan))
    page.get_by_label("Họ tên / tên tổ chức").fill("Lê Thị Cúc")
    page.get_by_label("Hình thức nhận kết quả").select_option(label="Qua dịch vụ bưu chính")
    page.get_by_label("Địa chỉ nhận kết quả qua bưu chính").fill("12 Trần Phú, Hải Châu")
    assert axe() == []
    screenshot("tiep-nhan-buu-chinh")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã tiếp nhận hồ sơ")
    expect(page.get_by_test_id("channel")).to_have_text("Dịch vụ bưu chính")
    expect(page.get_by_role("link", name=re.compile("In Giấy tiếp nhận hồ sơ"))).to_be_visible()
    assert axe() == []
    code = page.get_by_test_id("dossier-code").inner_text()
    dossier = Dossier.objects.get(code=code)
    assert dossier.channel == DossierChannel.POST
    assert dossier.history.get(action=Action.SUBMIT).note == (
        f"Số hiệu bưu gửi: EE123456789VN; Ngày bưu gửi đến: {arrived:%d/%m/%Y}"
    )
