import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_renders_in_vietnamese_with_no_serious_accessibility_issue(page, base_url, axe):
    page.goto(base_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("link", name="Bỏ qua, đến nội dung chính")).to_be_attached()
    assert axe() == []


def test_screenshot_fixture_saves_the_page_and_an_element(page, base_url, screenshot):
    page.goto(base_url + "/")
    whole = screenshot("home")
    header = screenshot("header", target=page.locator("header").first)
    assert whole.stat().st_size > 0 and header.stat().st_size > 0
    assert header.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
