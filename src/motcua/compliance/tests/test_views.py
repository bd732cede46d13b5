"""The province administrator's page /he-thong/tuan-thu/ and its downloads."""

import datetime as dt
import io
import json

import jsonschema
import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from motcua.accounts.models import Membership, Role
from motcua.compliance.registry import DEFAULT_PATH
from motcua.directory.models import Agency

from .builders import record_results, result_entry

pytestmark = pytest.mark.django_db

SHOT = "test-artifacts/screenshots/receipt.png"


@pytest.fixture
def province():
    return Agency.objects.create(
        code="000.00.00.H48",
        name="UBND tỉnh Quảng Ngãi",
        kind="peoples_committee",
        level="province",
    )


@pytest.fixture
def make_user(django_user_model, province):
    def make(username, role=None, **membership):
        user = django_user_model.objects.create_user(username, password="x")
        if role:
            Membership.objects.create(user=user, agency=province, role=role, **membership)
        return user

    return make


@pytest.fixture
def province_admin(make_user):
    return make_user("quantri", Role.PROVINCE_ADMIN)


@pytest.fixture
def results(var_dir):
    root = var_dir.parent
    (root / SHOT).parent.mkdir(parents=True)
    Image.new("RGB", (800, 600), "white").save(root / SHOT)
    Image.new("RGB", (10, 10), "white").save(root / "test-artifacts" / "other.png")
    record_results(
        var_dir / "compliance" / "test-results.json",
        result_entry(
            "tests/e2e/test_receipt.py::test_receipt", "passed", "PL2-2.3", artifacts=[SHOT]
        ),
        root=root,
    )
    return root


REPORT_URL = "/he-thong/tuan-thu/"


def test_the_url_is_named():
    assert reverse("compliance:report") == REPORT_URL


def test_a_province_administrator_sees_the_latest_report(client, province_admin, results):
    client.force_login(province_admin)
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Báo cáo tự đánh giá mức độ đáp ứng tiêu chí" in html
    assert 'id="criterion-PL2-2.3"' in html
    assert 'id="criterion-S-4"' in html
    assert "In giấy tiếp nhận hồ sơ và hẹn trả kết quả" in html
    assert 'href="/he-thong/tuan-thu/tai-ve/xlsx/"' in html
    assert (
        "/he-thong/tuan-thu/anh-chup-man-hinh/?path=test-artifacts%2Fscreenshots%2Freceipt.png"
        in html
    )
    assert 'style="' not in html and "<style" not in html and "<script>" not in html
    assert '<th scope="row">PL2-2.3</th>' in html


def test_a_superuser_sees_it_too_with_the_way_to_the_requests_register(
    client, django_user_model, province_admin, var_dir
):
    register = 'href="/quan-tri/compliance/softwarerequest/"'
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    assert register in response.content.decode()
    client.force_login(province_admin)  # not staff: the admin site would refuse them
    assert register not in client.get(REPORT_URL).content.decode()


@pytest.mark.parametrize(
    ("role", "membership"),
    [
        (None, {}),  # a citizen
        (Role.RECEPTION, {}),
        (Role.CENTRE_ADMIN, {}),
        (Role.PROVINCE_ADMIN, {"is_active": False}),
        (Role.PROVINCE_ADMIN, {"valid_to": dt.date(2025, 7, 1)}),
        (Role.PROVINCE_ADMIN, {"valid_from": dt.date(2099, 1, 1)}),
    ],
)
def test_everyone_else_is_refused(client, make_user, var_dir, role, membership):
    client.force_login(make_user("nguoidung", role, **membership))
    assert client.get(REPORT_URL).status_code == 403
    assert client.get(reverse("compliance:download", args=["json"])).status_code == 403
    assert client.get(reverse("compliance:artifact"), {"path": SHOT}).status_code == 403


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, settings):
    settings.LOGIN_URL = "/dang-nhap/"
    response = client.get(REPORT_URL)
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=/he-thong/tuan-thu/"


def test_downloads_in_every_format(client, province_admin, results):
    client.force_login(province_admin)
    today = timezone.localdate().strftime("%Y%m%d")

    html = client.get(reverse("compliance:download", args=["html"]))
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert html["Content-Disposition"] == f'attachment; filename="tu-danh-gia-tt22-{today}.html"'
    assert 'id="criterion-PL5-11"' in html.content.decode()
    assert 'src="data:image/jpeg;base64,' in html.content.decode()

    xlsx = client.get(reverse("compliance:download", args=["xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert workbook["Tiêu chí"].max_row == 103

    data = client.get(reverse("compliance:download", args=["json"])).json()
    schema = json.loads((DEFAULT_PATH.parent / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)

    assert client.get("/he-thong/tuan-thu/tai-ve/pdf/").status_code == 404


def test_only_screenshots_recorded_as_evidence_are_served(client, province_admin, results):
    client.force_login(province_admin)
    url = reverse("compliance:artifact")
    response = client.get(url, {"path": SHOT})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client.get(url, {"path": "test-artifacts/other.png"}).status_code == 404
    assert client.get(url, {"path": "../../etc/passwd"}).status_code == 404
    assert client.get(url).status_code == 404


def test_the_english_page(client, province_admin, results):
    client.force_login(province_admin)
    response = client.get("/en" + REPORT_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Print the receipt and appointment slip" in html
    assert "Self-assessment of compliance" in html


def test_an_unreadable_results_file_is_explained_not_a_crash(client, province_admin, var_dir):
    path = var_dir / "compliance" / "test-results.json"
    path.parent.mkdir(parents=True)
    path.write_text("{", encoding="utf-8")
    client.force_login(province_admin)
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    assert "Tệp kết quả kiểm thử không đọc được" in response.content.decode()
