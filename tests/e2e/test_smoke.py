import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_renders_in_vietnamese_with_no_serious_accessibility_issue(page, base_url, axe):
    page.goto(base_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("link", name="Bỏ qua, đến nội dung chính")).to_be_attached()
    assert axe() == []
