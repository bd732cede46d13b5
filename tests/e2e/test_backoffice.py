"""The back office in real Chromium, one user per role: counter reception → the specialist
processes → the division leader approves → the agency leader signs → the clerk finishes → the
desk returns the result; a supplement round; a refusal; an extension with apology; the
province's menu layout. Each step checks what the next role sees; axe-core runs on the main
screens and screenshots of them are kept."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from motcua.backoffice.tests.helpers import BACKOFFICE_STEPS, counter_dossier, online_dossier, v
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TABLET = {"width": 1024, "height": 768}
TABLET_PORTRAIT = {"width": 768, "height": 1024}


@pytest.fixture
def world():
    from motcua.dossiers.tests.world import build_world

    return build_world(steps=BACKOFFICE_STEPS)


@pytest.fixture
def scan(tmp_path):
    path = tmp_path / "to-khai.pdf"
    path.write_bytes(PDF)
    return path


@pytest.fixture
def console_errors(page):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def sign_in(page, base_url, user):
    """Become ``user`` in this browser (a fresh session; the previous user is signed out)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )


def menu(page):
    return page.get_by_role("navigation", name="Chức năng")


def open_from_my_work(page, base_url, code):
    page.goto(base_url + "/mot-cua/viec-cua-toi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc của tôi")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(code)


def do(page, action: str, fill=None):
    """Open an action of the dossier page (htmx loads its form in the panel), fill it, send it,
    and wait for the confirmation."""
    page.get_by_role("link", name=action, exact=True).click()
    form = page.locator("#action-form form")
    expect(form).to_be_visible()
    if fill:
        fill(form)
    form.get_by_role("button", name=action, exact=True).click()
    expect(page.locator(".message--success")).to_contain_text(action)


@pytest.mark.criterion("D3.8", "PL2-2.1", "PL2-2.3", "PL2-2.4", "PL2-7", "PL2-8")
def test_counter_to_return_one_user_per_role(
    page, base_url, world, scan, axe, screenshot, console_errors
):
    # 1. Reception officer at the counter.
    sign_in(page, base_url, world.reception)
    page.goto(base_url + "/mot-cua/")
    expect(page).to_have_url(re.compile(r"/mot-cua/tiep-nhan/$"))
    expect(menu(page).get_by_role("link", name="Tiếp nhận tại quầy")).to_have_attribute(
        "aria-current", "page"
    )
    search = page.get_by_label("Tìm thủ tục theo tên hoặc mã (gõ không dấu được)")
    search.press_sequentially("dang ky khai sinh", delay=20)
    result = page.locator("#procedure-results").get_by_role("link", name="Đăng ký khai sinh")
    expect(result).to_be_visible()  # live results, no button pressed
    assert axe() == []
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiếp nhận hồ sơ")
    page.locator("#id_file_0").set_input_files(str(scan))
    page.get_by_label("Số định danh cá nhân / mã số thuế").fill("051085000001")
    page.get_by_label("Họ tên / tên tổ chức").fill("Nguyễn Văn An")
    page.get_by_label("Điện thoại di động").fill("0900000001")
    page.get_by_label("Thu phí, lệ phí ngay khi tiếp nhận").select_option(label="Tiền mặt")
    page.get_by_label("Số biên lai").fill("BL-0001")
    assert axe() == []
    screenshot("tiep-nhan-tai-quay")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã tiếp nhận hồ sơ")
    code = page.get_by_test_id("dossier-code").inner_text()
    dossier = Dossier.objects.get(code=code)
    appointment = timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")
    expect(page.get_by_test_id("appointment")).to_have_text(appointment)
    expect(page.get_by_role("link", name=re.compile("In Giấy tiếp nhận hồ sơ"))).to_have_attribute(
        "href", f"/van-ban/ho-so/{code}/giay-tiep-nhan.pdf"
    )
    screenshot("da-tiep-nhan")

    # 2. Specialist: the dossier waits in "My work"; drafts the result and forwards it.
    sign_in(page, base_url, world.specialist)
    open_from_my_work(page, base_url, code)
    page.locator("summary", has_text="to-khai.pdf").click()  # the scan, previewed inline
    expect(page.locator("iframe.bo-preview")).to_be_visible()
    assert axe() == []
    screenshot("ho-so-chuyen-vien")

    def draft(form):
        form.get_by_label("Loại kết quả").select_option(label="Giấy khai sinh")
        form.get_by_label("Số, ký hiệu").fill("15/GKS")
        form.get_by_label("Tệp kết quả (PDF)").set_input_files(str(scan))

    do(page, "Cập nhật kết quả giải quyết", draft)
    do(
        page,
        "Chuyển bước tiếp theo",
        lambda f: f.get_by_label("Ý kiến, ghi chú").fill("Đủ điều kiện"),
    )
    page.goto(base_url + "/mot-cua/viec-cua-toi/")
    expect(page.get_by_role("link", name=code)).to_have_count(0)

    # 3. Division leader: sees it, approves, forwards to the agency leader.
    sign_in(page, base_url, world.division_leader)
    open_from_my_work(page, base_url, code)
    expect(page.locator(".bo-process")).to_contain_text("Đủ điều kiện")  # the opinion
    do(page, "Phê duyệt")
    do(page, "Chuyển bước tiếp theo")

    # 4. Agency leader: signs the result, forwards to the clerk.
    sign_in(page, base_url, world.agency_leader)
    open_from_my_work(page, base_url, code)
    expect(page.get_by_text("Chờ ký")).to_be_visible()
    do(page, "Ký kết quả")
    expect(page.get_by_text(re.compile("Đã ký"))).to_be_visible()
    do(page, "Chuyển bước tiếp theo")

    # 5. Clerk: finishes; the result goes back to the desk.
    sign_in(page, base_url, world.clerk)
    open_from_my_work(page, base_url, code)
    do(page, "Hoàn thành xử lý")
    expect(page.locator(".bo-dossier__tags")).to_contain_text("Đã xử lý xong")

    # 6. The desk returns it (before the appointment day: the applicant was told).
    sign_in(page, base_url, world.reception)
    page.goto(base_url + "/mot-cua/tra-ket-qua/")
    row = page.get_by_role("row").filter(has_text=code)
    expect(row).to_be_visible()
    assert axe() == []
    screenshot("tra-ket-qua")
    row.get_by_role("link", name=re.compile("Trả kết quả")).click()
    page.get_by_label("Đã thông báo trước cho người nộp về việc trả kết quả trước hẹn").check()
    page.get_by_role("button", name="Trả kết quả").click()
    expect(page.locator(".bo-dossier__tags")).to_contain_text("Đã trả kết quả")
    timeline = page.locator(".bo-timeline")
    for step in ("Tiếp nhận hồ sơ", "Phê duyệt", "Ký kết quả", "Hoàn thành xử lý", "Trả kết quả"):
        expect(timeline).to_contain_text(step)
    screenshot("lich-su-xu-ly")
    assert Dossier.objects.get(code=code).state == State.RETURNED
    assert console_errors == []


@pytest.mark.criterion("PL2-2.4", "PL2-7")
def test_supplement_round(page, base_url, world, scan, axe, screenshot):
    dossier = counter_dossier(world)
    code = dossier.code

    # The specialist asks for what is missing, once and completely.
    sign_in(page, base_url, world.specialist)
    open_from_my_work(page, base_url, code)

    def ask(form):
        form.get_by_label("Giấy tờ cần bổ sung, hoàn thiện (mỗi dòng một giấy tờ)").fill(
            "Bản sao giấy chứng nhận kết hôn của cha mẹ"
        )
        form.get_by_label("Lý do, hướng dẫn cho người nộp").fill("Cần xác định quan hệ cha mẹ.")

    do(page, "Yêu cầu bổ sung hồ sơ", ask)
    expect(page.locator(".bo-dossier__tags")).to_contain_text("Yêu cầu bổ sung giấy tờ")
    page.goto(base_url + "/mot-cua/viec-cua-toi/?tab=waiting")
    expect(page.get_by_role("link", name=code)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"Chờ người nộp\s*1"))).to_have_attribute(
        "aria-current", "page"
    )

    # The applicant brings the paper to the desk: found by its code with the "/" shortcut.
    sign_in(page, base_url, world.reception)
    page.goto(base_url + "/mot-cua/tra-ket-qua/")
    page.keyboard.press("/")
    expect(page.locator("#quick-search")).to_be_focused()
    page.keyboard.type(code[-11:])
    page.keyboard.press("Enter")
    page.get_by_role("link", name=code).click()

    def receive(form):
        form.get_by_label("Bản quét: Bản sao giấy chứng nhận kết hôn của cha mẹ").set_input_files(
            str(scan)
        )

    do(page, "Tiếp nhận hồ sơ bổ sung", receive)
    expect(page.locator(".bo-components")).to_contain_text(
        "Bản sao giấy chứng nhận kết hôn của cha mẹ"
    )
    screenshot("da-tiep-nhan-bo-sung")

    # Back in the specialist's work, processing again.
    sign_in(page, base_url, world.specialist)
    page.goto(base_url + "/mot-cua/viec-cua-toi/")
    expect(page.get_by_role("link", name=code)).to_be_visible()
    open_from_my_work(page, base_url, code)
    expect(page.locator(".bo-dossier__tags")).not_to_contain_text("Yêu cầu bổ sung")
    expect(page.get_by_role("link", name="Chuyển bước tiếp theo")).to_be_visible()
    assert axe() == []


@pytest.mark.criterion("PL2-2.1", "PL2-2.3", "PL2-2.4")
def test_mau02_at_the_counter_then_papers_brought_later_then_received(
    page, base_url, world, scan, axe, screenshot
):
    # The applicant lacks the birth certificate: Mẫu 02 is handed over at the counter.
    sign_in(page, base_url, world.reception)
    page.goto(base_url + f"/mot-cua/tiep-nhan/{world.version.pk}/{world.case.pk}/")
    page.locator("#id_status_1_1").check()  # Giấy chứng sinh: Còn thiếu
    page.get_by_label("Họ tên / tên tổ chức").fill("Nguyễn Văn An")
    page.get_by_label("Lý do (bổ sung hoặc từ chối)").fill("Thiếu giấy chứng sinh bản chính.")
    page.get_by_role("button", name="Yêu cầu bổ sung, hoàn thiện (Mẫu 02)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Đã lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
    )
    code = page.get_by_test_id("dossier-code").inner_text()

    # Days later the applicant brings it: the dossier page's reception lists what is owed.
    page.get_by_role("link", name="Xem hồ sơ").click()
    page.get_by_role("link", name="Tiếp nhận hồ sơ", exact=True).click()
    form = page.locator("#action-form form")
    expect(form).to_contain_text("Giấy tờ người nộp bổ sung")
    expect(form).to_contain_text("Giấy chứng sinh")
    form.get_by_role("button", name="Tiếp nhận hồ sơ", exact=True).click()
    expect(form.get_by_role("alert")).to_contain_text("Người nộp chưa bổ sung đủ giấy tờ")
    form.locator("#id_status_0_0").check()  # Đã nhận
    form.locator("#id_file_0").set_input_files(str(scan))
    assert axe() == []
    screenshot("tiep-nhan-sau-bo-sung")
    form.get_by_role("button", name="Tiếp nhận hồ sơ", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã tiếp nhận hồ sơ")
    expect(page.get_by_test_id("dossier-code")).to_have_text(code)
    expect(page.get_by_role("link", name=re.compile("In Giấy tiếp nhận hồ sơ"))).to_have_attribute(
        "href", f"/van-ban/ho-so/{code}/giay-tiep-nhan.pdf"
    )
    dossier = Dossier.objects.get(code=code)
    assert dossier.state == State.RECEIVED
    assert dossier.components.get(name="Giấy chứng sinh").files.get().original_name == (
        "to-khai.pdf"
    )


@pytest.mark.criterion("PL2-2.11", "PL3-16")
def test_the_leader_signs_the_result_with_the_agency_key(
    page, base_url, world, scan, settings, tmp_path, axe, screenshot
):
    from motcua.documents import rendering
    from motcua.documents.tests import pki as test_pki
    from motcua.documents.tests.test_rendering import sample
    from motcua.documents.verification import verify_pdf

    made = test_pki.build(tmp_path / "pki")
    settings.MOTCUA_SIGNING = {
        **settings.MOTCUA_SIGNING,
        "PKCS12_FILE": str(made.pkcs12),
        "PKCS12_PASSWORD": test_pki.PKCS12_PASSWORD,
        "TRUST_ROOTS": [str(made.root_pem)],
    }
    result_pdf = tmp_path / "ket-qua-trinh-duyet.pdf"
    result_pdf.write_bytes(rendering.render_pdf(sample()))
    d = counter_dossier(world)
    sign_in(page, base_url, world.specialist)
    open_from_my_work(page, base_url, d.code)

    def draft(form):
        form.get_by_label("Loại kết quả").select_option(label="Giấy khai sinh")
        form.get_by_label("Tệp kết quả (PDF)").set_input_files(str(result_pdf))

    do(page, "Cập nhật kết quả giải quyết", draft)
    d = Dossier.objects.get(pk=d.pk)
    d = services.forward(d, actor=world.specialist, **v(d))
    d = services.approve(d, actor=world.division_leader, **v(d))
    d = services.forward(d, actor=world.division_leader, **v(d))

    sign_in(page, base_url, world.agency_leader)
    open_from_my_work(page, base_url, d.code)

    def with_key(form):
        form.get_by_label("Ký số tệp kết quả bằng chứng thư số của cơ quan").check()
        assert axe() == []
        screenshot("ky-ket-qua-chung-thu-co-quan")

    do(page, "Ký kết quả", with_key)
    expect(page.get_by_text(re.compile("Đã ký"))).to_be_visible()
    result = Dossier.objects.get(pk=d.pk).results.get()
    assert result.signed and "ket-qua-trinh-duyet-da-ky-so" in result.file.name
    with result.file.open("rb") as handle:
        assert verify_pdf(handle.read()).ok


@pytest.mark.criterion("PL2-2.1", "PL2-2.3")
def test_refusals_at_intake_and_after_appraisal(page, base_url, world, axe, screenshot):
    online = online_dossier(world)
    sign_in(page, base_url, world.reception)
    page.goto(base_url + "/mot-cua/truc-tuyen/")
    expect(page.get_by_role("link", name=online.code)).to_be_visible()
    assert axe() == []
    screenshot("ho-so-truc-tuyen")
    page.get_by_role("link", name=online.code).click()
    do(
        page,
        "Từ chối tiếp nhận",
        lambda f: f.get_by_label("Lý do").fill("Thủ tục không thuộc thẩm quyền của tỉnh."),
    )
    expect(page.locator(".bo-dossier__tags")).to_contain_text("Không được tiếp nhận")
    expect(page.get_by_role("link", name=re.compile("Phiếu từ chối"))).to_be_visible()
    page.goto(base_url + "/mot-cua/truc-tuyen/")
    expect(page.get_by_role("link", name=online.code)).to_have_count(0)

    # After appraisal: the agency leader refuses; the notice is handed over at the desk.
    d = counter_dossier(world)
    d = services.forward(d, actor=world.specialist, **v(d))
    d = services.forward(d, actor=world.division_leader, **v(d))
    sign_in(page, base_url, world.agency_leader)
    open_from_my_work(page, base_url, d.code)
    do(
        page,
        "Từ chối giải quyết",
        lambda f: f.get_by_label("Lý do").fill("Người yêu cầu không đủ điều kiện theo luật."),
    )
    expect(page.locator(".bo-dossier__tags")).to_contain_text("Đã xử lý xong")
    sign_in(page, base_url, world.reception)
    page.goto(base_url + "/mot-cua/tra-ket-qua/")
    expect(page.get_by_role("row").filter(has_text=d.code)).to_contain_text("Từ chối giải quyết")


@pytest.mark.criterion("PL2-2.7")
def test_extension_with_apology(page, base_url, world, axe, screenshot):
    d = counter_dossier(world)
    d = services.assign(d, actor=world.division_leader, **v(d), assignee=world.specialist)
    new_day = timezone.localtime(d.due_at).date() + dt.timedelta(days=7)
    sign_in(page, base_url, world.agency_leader)
    page.goto(base_url + f"/mot-cua/tra-cuu/?q={d.code}")
    page.get_by_role("link", name=d.code).click()

    def extend(form):
        form.get_by_label("Ngày hẹn trả mới").fill(new_day.isoformat())
        form.get_by_label("Giờ hẹn trả mới").fill("16:30")
        form.get_by_label("Lý do chậm trễ").fill("Phải xác minh thông tin tại nơi cư trú.")
        form.get_by_label("Nội dung xin lỗi người nộp hồ sơ").fill(
            "Trung tâm thành thật xin lỗi ông vì sự chậm trễ."
        )

    do(page, "Xin lỗi và gia hạn", extend)
    shown = f"16:30 {new_day:%d/%m/%Y}"
    expect(page.locator(".bo-dossier__header")).to_contain_text(shown)
    expect(
        page.get_by_role("link", name=re.compile("Phiếu xin lỗi và hẹn lại ngày trả"))
    ).to_be_visible()
    expect(page.get_by_role("link", name="Xin lỗi và gia hạn", exact=True)).to_have_count(0)
    screenshot("gia-han")

    # The specialist sees the new appointment in their work.
    sign_in(page, base_url, world.specialist)
    page.goto(base_url + "/mot-cua/viec-cua-toi/")
    expect(page.get_by_role("row").filter(has_text=d.code)).to_contain_text(shown)
    assert axe() == []
    screenshot("viec-cua-toi")


@pytest.mark.criterion("PL2-8")
def test_leader_dashboard_drills_down(page, base_url, world, axe, screenshot):
    late = counter_dossier(world, now=timezone.now() - dt.timedelta(days=14))
    counter_dossier(world)
    sign_in(page, base_url, world.agency_leader)
    page.goto(base_url + "/mot-cua/dieu-hanh/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng điều hành")
    assert axe() == []
    screenshot("bang-dieu-hanh")
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=world.division.name)
    )
    row.get_by_role("cell").nth(1).get_by_role("link").click()  # "Quá hạn"
    expect(page.locator(".bo-results__count")).to_have_text("1 hồ sơ phù hợp")
    expect(page.get_by_role("link", name=late.code)).to_be_visible()
    expect(page.locator(".chips")).to_contain_text("Quá hạn")
    assert axe() == []


def test_navigation_order_follows_the_province(page, base_url, world, axe, screenshot):
    sign_in(page, base_url, world.province_admin)
    page.goto(base_url + "/mot-cua/quan-tri/bo-cuc/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bố cục, thứ tự chức năng")
    assert axe() == []
    page.get_by_label("Thứ tự nhóm Xử lý hồ sơ").fill("1")
    page.get_by_label("Hiển thị chức năng Trả kết quả").uncheck()
    page.get_by_label("Tên tiếng Việt của chức năng Tra cứu hồ sơ").fill("Tìm hồ sơ")
    screenshot("bo-cuc-chuc-nang")
    page.get_by_role("button", name="Lưu bố cục").click()
    expect(page.get_by_text("Đã lưu bố cục, thứ tự chức năng.")).to_be_visible()

    page.get_by_role("link", name="Cổng Dịch vụ công", exact=True).first.click()
    page.get_by_label("Tên tiếng Việt của chức năng Lĩnh vực").fill("Lĩnh vực thủ tục")
    page.get_by_label("Thứ tự nhóm Tra cứu", exact=True).fill("5")
    page.get_by_role("button", name="Lưu bố cục").click()
    expect(page.get_by_text("Đã lưu bố cục, thứ tự chức năng.")).to_be_visible()

    sign_in(page, base_url, world.reception)
    page.goto(base_url + "/mot-cua/tra-cuu/")
    links = menu(page).get_by_role("link")
    expect(links).to_have_text(
        [
            "Việc của tôi",
            "Tìm hồ sơ",
            "Tiếp nhận tại quầy",
            "Hồ sơ trực tuyến chờ tiếp nhận",
            "Thu phí, lệ phí",
        ]
    )
    page.context.clear_cookies()
    page.goto(base_url + "/")
    header = page.get_by_role("navigation", name="Điều hướng chính")
    first = header.locator(".site-nav__list > li").first  # the group "Tra cứu", now first
    expect(first.locator("summary")).to_have_text("Tra cứu")
    first.locator("summary").click()
    expect(first.get_by_role("link")).to_have_text(["Tra cứu hồ sơ", "Thống kê giải quyết hồ sơ"])
    expect(header.get_by_role("link", name="Lĩnh vực thủ tục")).to_be_visible()


def test_tablet_layouts_and_keyboard(page, base_url, world, screenshot):
    d = counter_dossier(world)
    sign_in(page, base_url, world.specialist)
    for size, label in ((TABLET, "1024"), (TABLET_PORTRAIT, "768")):
        page.set_viewport_size(size)
        for path in ("/mot-cua/viec-cua-toi/", f"/mot-cua/ho-so/{d.code}/"):
            page.goto(base_url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (size, path, overflow)
        screenshot(f"ho-so-may-tinh-bang-{label}")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(base_url + f"/mot-cua/ho-so/{d.code}/")
    # Keyboard only: open the forward form; the focus lands on it.
    page.get_by_role("link", name="Chuyển bước tiếp theo").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#action-form h3")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Người xử lý")).to_be_focused()


def test_essential_actions_work_without_javascript(browser, base_url, world, scan):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    sign_in(page, base_url, world.reception)
    page.goto(base_url + "/mot-cua/tiep-nhan/")
    page.get_by_label("Tìm thủ tục theo tên hoặc mã (gõ không dấu được)").fill("khai sinh")
    page.get_by_role("button", name="Tìm thủ tục").click()
    page.get_by_role("link", name="Đăng ký khai sinh").click()
    page.get_by_label("Họ tên / tên tổ chức").fill("")
    page.locator("#id_file_0").set_input_files(str(scan))
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()  # no name: refused
    expect(page.get_by_role("alert").first).to_contain_text("Chưa tiếp nhận được hồ sơ")
    expect(page.locator(".bo-kept")).to_contain_text("to-khai.pdf")  # the scan is kept
    page.get_by_label("Họ tên / tên tổ chức").fill("Trần Thị Bình")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã tiếp nhận hồ sơ")
    code = page.get_by_test_id("dossier-code").inner_text()
    assert Dossier.objects.get(code=code).components.first().files.count() == 1

    sign_in(page, base_url, world.specialist)
    page.goto(base_url + f"/mot-cua/ho-so/{code}/")
    page.get_by_role("link", name="Chuyển bước tiếp theo").click()  # a page of its own
    expect(page.get_by_role("heading", level=1)).to_have_text("Chuyển bước tiếp theo")
    page.get_by_role("button", name="Chuyển bước tiếp theo").click()
    expect(page.locator(".message--success")).to_contain_text("Chuyển bước tiếp theo")
    context.close()
