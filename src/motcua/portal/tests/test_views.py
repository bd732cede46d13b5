import re
import unicodedata
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from motcua.catalog.models import Procedure
from motcua.catalog.tests.factories import FieldFactory, PublishedVersionFactory
from motcua.portal.templatetags.portal_tags import format_time_limit, steps, vnd

from .catalogue import TEMPLATE_BYTES, build_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return build_catalogue()


def text(response) -> str:
    """The response's visible text, whitespace collapsed, for assertions on what users read."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def procedure_links(response) -> list[str]:
    return re.findall(r'href="/(?:en/)?thu-tuc/([0-9.]+)/"', response.content.decode())


# --- home ---------------------------------------------------------------------------------------


@pytest.mark.criterion("PL3-3", "PL5-6")
def test_home_offers_search_fields_agencies_and_contact(client, catalogue):
    response = client.get("/")
    assert response.status_code == 200
    body = text(response)
    html = response.content.decode()
    assert 'action="/thu-tuc/"' in html and 'name="q"' in html
    # Entry points by field, with counts of procedures in force (the draft does not count).
    assert 'href="/linh-vuc/G09-XD01/"' in html
    assert "Hoạt động xây dựng 2 thủ tục" in body
    assert "Tra cứu 4 thủ tục hành chính" in body and "1 thủ tục nộp và nhận kết quả" in body
    # By agency: provincial departments, then communes grouped by kind.
    assert 'href="/co-quan/000.00.07.H48/"' in html
    assert "Phường Phường Cẩm Thành" in body and "Xã Xã Tịnh Khê" in body
    # The province's contact block.
    assert "54 Hùng Vương, phường Cẩm Thành" in body and 'href="tel:02553822222"' in html
    # Landmarks and exactly one h1.
    assert html.count("<h1") == 1
    for landmark in ("<header", "<main", "<footer", "<nav"):
        assert landmark in html


def test_home_without_any_catalogue_still_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Chưa có thủ tục nào được công bố." in text(response)


# --- procedure list --------------------------------------------------------------------------


@pytest.mark.criterion("PL3-10")
def test_list_search_ignores_diacritics_and_case(client, catalogue):
    response = client.get("/thu-tuc/", {"q": "GIAY phep xay dung"})
    assert response.status_code == 200
    # The whole phrase first; the same words scattered after it.
    assert procedure_links(response) == ["1.009994", "1.000001"]
    assert "2 thủ tục" in text(response)


@pytest.mark.criterion("PL3-3", "PL3-10")
def test_list_filters_narrow_and_are_shown_removably(client, catalogue):
    everything = client.get("/thu-tuc/")
    assert len(procedure_links(everything)) == 4  # the draft is not public

    response = client.get(
        "/thu-tuc/", {"field": "G09-XD01", "online_level": "full", "q": "giay phep"}
    )
    assert procedure_links(response) == ["1.009994"]
    body = text(response)
    assert "Lĩnh vực: Hoạt động xây dựng" in body
    assert "Mức độ dịch vụ công trực tuyến: Dịch vụ công trực tuyến toàn trình" in body
    html = response.content.decode()
    # Removing the field filter keeps the others and drops the page number.
    assert 'href="/thu-tuc/?online_level=full&amp;q=giay+phep"' in html

    assert procedure_links(client.get("/thu-tuc/", {"agency": "000.00.07.H48"})) == ["1.000001"]
    assert procedure_links(client.get("/thu-tuc/", {"agency_level": "province"})) == ["1.000001"]


def test_list_filter_choices_offer_fields_and_grouped_agencies(client, catalogue):
    html = client.get("/thu-tuc/").content.decode()
    assert '<option value="G15-TP07">Hộ tịch</option>' in html
    assert '<optgroup label="Cơ quan cấp tỉnh">' in html
    assert '<option value="000.00.104.H48">Ủy ban nhân dân phường Cẩm Thành</option>' in html


@pytest.mark.parametrize(
    "params",
    [
        {"field": "KHONG-CO"},
        {"agency": "<script>alert(1)</script>"},
        {"online_level": "level4"},
        {"agency_level": "district"},
        {"page": "abc"},
        {"page": "999"},
        {"q": "x" * 500},
        {"field": ["G09-XD01", "G15-TP07"]},
    ],
)
def test_bad_filter_values_never_fail(client, catalogue, params):
    response = client.get("/thu-tuc/", params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_invalid_filter_is_reported_and_ignored(client, catalogue):
    response = client.get("/thu-tuc/", {"field": "KHONG-CO", "agency_level": "province"})
    body = text(response)
    assert "Lĩnh vực: Giá trị lọc không hợp lệ nên đã được bỏ qua." in body
    assert procedure_links(response) == ["1.000001"]  # the valid filter still applies


def test_list_paginates_and_keeps_the_query(client, catalogue):
    field = FieldFactory(code="G01-TN01", name="Thử nghiệm")
    for n in range(25):
        PublishedVersionFactory(
            procedure__national_code=f"3.{n:06d}",
            procedure__name=f"Thủ tục phân trang {n:02d}",
            procedure__field=field,
        )
    first = client.get("/thu-tuc/", {"q": "phan trang"})
    assert len(procedure_links(first)) == 20
    assert "25 thủ tục" in text(first)
    assert 'href="?q=phan+trang&amp;page=2"' in first.content.decode()
    second = client.get("/thu-tuc/", {"q": "phan trang", "page": 2})
    assert len(procedure_links(second)) == 5


def test_no_result_explains_what_to_try(client, catalogue):
    response = client.get("/thu-tuc/", {"q": "khong ton tai"})
    assert "Không tìm thấy thủ tục phù hợp." in text(response)


def test_htmx_gets_only_the_results(client, catalogue):
    response = client.get("/thu-tuc/", {"q": "khai sinh"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div id="results"')
    assert procedure_links(response) == ["1.001193"]
    assert "HX-Request" in response["Vary"]
    restore = client.get(
        "/thu-tuc/",
        {"q": "khai sinh"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.content.decode()


# --- procedure page ------------------------------------------------------------------------------


@pytest.mark.criterion("PL3-3")
def test_procedure_page_shows_what_a_citizen_needs(client, catalogue):
    response = client.get("/thu-tuc/1.009994/")
    assert response.status_code == 200
    body = text(response)
    for expected in (
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "Mã thủ tục 1.009994",
        "Hoạt động xây dựng",
        "Cấp xã",
        "Ủy ban nhân dân phường Cẩm Thành",
        "Công dân Việt Nam",
        "Trực tiếp, Dịch vụ bưu chính, Trực tuyến",
        "Dịch vụ công trực tuyến toàn trình",
        "Nhà ở riêng lẻ 15 ngày làm việc",
        "Đơn đề nghị cấp giấy phép xây dựng",
        "Bản vẽ thiết kế xây dựng Bản sao 02 Bắt buộc",
        "Giấy tờ chứng minh quyền sử dụng đất Bản sao chứng thực 01 Không bắt buộc",
        "Lệ phí cấp giấy phép xây dựng",
        "75.000 đồng",
        "Nộp trực tuyến: 37.500 đồng",
        "Miễn cho hộ nghèo.",
        "Bước 2: Thẩm định hồ sơ.",
        "Trung tâm Phục vụ hành chính công tỉnh",
        "Phù hợp quy hoạch chi tiết xây dựng.",
        "Giấy phép xây dựng",
        "Luật Xây dựng số 50/2014/QH13",
        "1234/QĐ-UBND",
        "01/07/2025",
    ):
        assert expected in body, expected
    html = response.content.decode()
    component = Procedure.objects.get(national_code="1.009994").versions.get().components.first()
    assert f'href="/thu-tuc/1.009994/mau/{component.pk}/"' in html
    assert html.count("<h1") == 1


def test_time_limits_are_written_in_words(client, catalogue):
    assert "Đăng ký khai sinh 03 ngày làm việc" in text(client.get("/thu-tuc/1.001193/"))
    assert "8.000 đồng" in text(client.get("/thu-tuc/1.001193/"))
    body = text(client.get("/thu-tuc/1.000001/"))
    assert "Cấp mới 20 ngày làm việc" in body and "Điều chỉnh 0,5 ngày làm việc" in body
    assert "Không quy định thời hạn Trong ngày" in text(client.get("/thu-tuc/2.000908/"))


def test_online_entry_leads_to_the_national_portal_by_default(client, catalogue):
    html = client.get("/thu-tuc/1.001193/").content.decode()
    assert (
        'href="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html'
        '?ma_thu_tuc=1.001193"' in html
    )
    assert "Nộp hồ sơ trực tuyến" in html
    # Information-only procedures have no online entry point.
    assert "Nộp hồ sơ trực tuyến" not in client.get("/thu-tuc/2.000908/").content.decode()


@override_settings(MOTCUA_PORTAL_FILING_ENABLED=True)
def test_filing_switch_leads_to_our_wizard(client, catalogue):
    html = client.get("/thu-tuc/1.001193/").content.decode()
    assert 'href="/nop-ho-so/1.001193/"' in html
    assert "ma_thu_tuc=" not in html


def test_unknown_or_unpublished_procedure_is_a_vietnamese_404(client, catalogue):
    for url in ("/thu-tuc/0.000000/", "/thu-tuc/9.999999/", "/thu-tuc/khong-co/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy trang" in text(response)


def test_component_template_downloads_only_from_a_version_in_force(client, catalogue):
    version = catalogue.permit.versions.get()
    with_file = version.components.get(name="Đơn đề nghị cấp giấy phép xây dựng")
    without_file = version.components.get(name="Bản vẽ thiết kế xây dựng")
    response = client.get(f"/thu-tuc/1.009994/mau/{with_file.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TEMPLATE_BYTES
    assert "attachment" in response["Content-Disposition"]
    assert "mau-01-giay-phep-xay-dung" in response["Content-Disposition"]
    assert client.get(f"/thu-tuc/1.009994/mau/{without_file.pk}/").status_code == 404
    # Another procedure's component, or a draft's, is not reachable through this one.
    assert client.get(f"/thu-tuc/1.001193/mau/{with_file.pk}/").status_code == 404
    draft_component = catalogue.draft.versions.get().components.get()
    assert client.get(f"/thu-tuc/9.999999/mau/{draft_component.pk}/").status_code == 404


# --- fields, agencies, three clicks -----------------------------------------------------------


@pytest.mark.criterion("PL3-10")
def test_every_procedure_is_within_three_clicks_of_home(client, catalogue):
    """Home → field page → procedure page, for every procedure in force."""
    home = client.get("/").content.decode()
    field_pages = re.findall(r'href="(/linh-vuc/[^"/]+/)"', home)
    reached = set()
    for url in field_pages:
        response = client.get(url)
        assert response.status_code == 200
        reached.update(procedure_links(response))
    in_force = {"1.009994", "1.001193", "2.000908", "1.000001"}
    assert reached == in_force
    for code in in_force:
        assert client.get(f"/thu-tuc/{code}/").status_code == 200


def test_field_and_agency_pages_list_their_procedures(client, catalogue):
    field_page = client.get("/linh-vuc/G09-XD01/")
    assert procedure_links(field_page) == ["1.000001", "1.009994"]
    assert client.get("/linh-vuc/").status_code == 200
    agency_page = client.get("/co-quan/000.00.101.H48/")
    assert sorted(procedure_links(agency_page)) == ["1.001193", "1.009994", "2.000908"]
    body = text(agency_page)
    # Grouped by field in folded alphabetical order: "chung thuc", "ho tich", "hoat dong…".
    assert body.index("Chứng thực") < body.index("Hộ tịch") < body.index("Hoạt động xây dựng")
    agencies = client.get("/co-quan/")
    assert "Phường Cẩm Thành" in text(agencies)
    assert client.get("/co-quan/000.00.00.Z99/").status_code == 404
    assert client.get("/linh-vuc/KHONG-CO/").status_code == 404


def test_a_merged_agency_redirects_to_its_successor(client, catalogue):
    response = client.get("/co-quan/000.00.99.H48/")
    assert response.status_code == 301
    assert response["Location"] == "/co-quan/000.00.104.H48/"


# --- site map, robots, errors ---------------------------------------------------------------------


@pytest.mark.criterion("PL3-10", "PL5-6")
def test_sitemap_xml_lists_every_public_page_in_both_languages(client, catalogue):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in root.findall("s:url/s:loc", ns)}
    base = "http://testserver"
    for path in (
        "/",
        "/thu-tuc/",
        "/linh-vuc/",
        "/co-quan/",
        "/so-do-cong/",
        "/linh-vuc/G15-TP07/",
        "/co-quan/000.00.07.H48/",
        "/thu-tuc/1.009994/",
        "/thu-tuc/2.000908/",
    ):
        assert base + path in locations, path
        assert base + "/en" + path in locations, path
    assert not any("9.999999" in loc for loc in locations)
    assert not any("000.00.99.H48" in loc for loc in locations)
    assert b'hreflang="en"' in response.content


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /quan-tri/" in lines and "Disallow: /en/quan-tri/" in lines


@pytest.mark.criterion("PL5-6")
def test_html_site_map_is_a_tree_of_every_page(client, catalogue):
    response = client.get("/so-do-cong/")
    html = response.content.decode()
    assert sorted(procedure_links(response)) == ["1.000001", "1.001193", "1.009994", "2.000908"]
    assert 'href="/linh-vuc/G09-XD01/"' in html and 'href="/co-quan/000.00.104.H48/"' in html
    assert 'href="/sitemap.xml"' in html


@pytest.mark.parametrize("url", ["/", "/thu-tuc/", "/thu-tuc/1.009994/", "/en/co-quan/"])
def test_pages_are_served_in_nfc(client, catalogue, url):
    assert unicodedata.is_normalized("NFC", client.get(url).content.decode())


def test_500_page_is_self_contained_vietnamese():
    html = render_to_string("500.html")
    assert "Hệ thống đang gặp sự cố" in html and '<html lang="vi">' in html


# --- English ------------------------------------------------------------------------------------


def test_english_pages_translate_the_interface_and_show_english_names(client, catalogue):
    response = client.get("/en/thu-tuc/1.009994/")
    assert response.status_code == 200
    body = text(response)
    assert '<html lang="en">' in response.content.decode()
    assert "New construction permit for a detached house" in body
    assert "Dossier components" in body and "Fees and charges" in body
    assert "Nhà ở riêng lẻ 15 working days" in body
    assert "VND 75,000" in body
    assert "Construction" in body
    # Without an English name the Vietnamese one is shown.
    assert "Thủ tục đăng ký khai sinh" in text(client.get("/en/thu-tuc/1.001193/"))
    home = text(client.get("/en/"))
    assert "Procedures by field" in home and "Cẩm Thành Ward" in home


def test_language_switch_keeps_the_page(client, catalogue):
    def switch(page: str, language: str) -> str:
        html = client.get(page).content.decode()
        form = re.search(
            rf'value="{language}">\s*<input type="hidden" name="next" value="([^"]*)"', html
        )
        response = client.post(reverse("set_language"), {"language": language, "next": form[1]})
        assert response.status_code == 302
        return response["Location"]

    assert switch("/thu-tuc/?q=giay+phep", "en") == "/en/thu-tuc/?q=giay+phep"
    assert switch("/en/thu-tuc/1.001193/", "vi") == "/thu-tuc/1.001193/"
    assert switch("/en/", "vi") == "/"


# --- formatting helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "vi", "en"),
    [
        (Decimal(3), "working_days", "03 ngày làm việc", "3 working days"),
        (Decimal(1), "working_days", "01 ngày làm việc", "1 working day"),
        (Decimal(15), "calendar_days", "15 ngày", "15 days"),
        (Decimal(4), "working_hours", "04 giờ làm việc", "4 working hours"),
        (Decimal(2), "months", "02 tháng", "2 months"),
        (Decimal("0.50"), "working_days", "0,5 ngày làm việc", "0.5 working days"),
        (None, "working_days", "Không quy định thời hạn", "No time limit set"),
    ],
)
def test_time_limit_wording(value, unit, vi, en):
    with translation.override("vi"):
        assert format_time_limit(value, unit) == vi
    with translation.override("en"):
        assert format_time_limit(value, unit) == en


def test_amounts_in_dong():
    with translation.override("vi"):
        assert vnd(Decimal(8000)) == "8.000 đồng"
        assert vnd(Decimal(1250000)) == "1.250.000 đồng"
        assert vnd(Decimal(0)) == "0 đồng"
    with translation.override("en"):
        assert vnd(Decimal(8000)) == "VND 8,000"


def test_steps_split_on_step_markers_and_lines():
    assert steps("Bước 1: Nộp. Bước 2: Nhận.") == ["Bước 1: Nộp.", "Bước 2: Nhận."]
    assert steps("Nộp hồ sơ\n\nNhận kết quả") == ["Nộp hồ sơ", "Nhận kết quả"]
    assert steps("") == []
