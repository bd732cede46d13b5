"""PL5-7: technical standards of TT 39/2017 — Unicode text (TCVN 6909:2001) stored in the
composed form (NFC) and served as UTF-8, XML and JSON exchange, open file formats."""

import io
import json
import unicodedata
import zipfile
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Ánh Tuyết"


@pytest.mark.criterion("PL5-7")
def test_vietnamese_typed_in_decomposed_form_is_stored_composed(client):
    """Some keyboards and systems send "ễ" as "e" + two combining marks (NFD); what is stored
    and compared is the composed form, so the same name is always the same text."""
    from motcua.accounts import services

    decomposed = unicodedata.normalize("NFD", NAME)
    assert decomposed != NAME
    user = services.sign_up(full_name=decomposed, password="Mat-khau-2026", email="t@x.vn")
    user.refresh_from_db()
    assert user.full_name == NAME
    assert unicodedata.is_normalized("NFC", user.full_name)


@pytest.mark.criterion("PL5-7")
def test_pages_are_utf8_html_and_declare_it(client):
    call_command("load_demo", "--quiet", "--no-users")
    for name in ("portal:home", "portal:procedure_list", "portal:field_list", "accounts:login"):
        response = client.get(reverse(name))
        assert response["Content-Type"] == "text/html; charset=utf-8"
        body = response.content.decode("utf-8")  # strict: any other encoding fails here
        assert '<meta charset="utf-8">' in body
        assert unicodedata.is_normalized("NFC", body)


@pytest.mark.criterion("PL5-7")
def test_sitemap_is_well_formed_utf8_xml(client):
    call_command("load_demo", "--quiet", "--no-users")
    response = client.get("/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ElementTree.fromstring(response.content)  # noqa: S314 — our own output
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert len(root) > 10


@pytest.mark.criterion("PL5-7")
def test_api_exchanges_utf8_json(client, sysadmin):
    client.force_login(sysadmin)
    response = client.get(reverse("api:dossier-list"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    json.loads(response.content.decode("utf-8"))
    schema = client.get(reverse("api:schema"))
    assert schema.content.startswith(b"openapi: 3")  # the OpenAPI contract, YAML


@pytest.mark.criterion("PL5-7")
def test_exports_are_open_formats_in_utf8(client, sysadmin, django_capture_on_commit_callbacks):
    """Spreadsheets are Office Open XML (ISO/IEC 29500) workbooks; CSV is UTF-8 with a byte
    order mark so spreadsheet programs read the diacritics right."""
    from motcua.core import audit

    audit.record("x.y", actor=sysadmin, summary=NAME)
    client.force_login(sysadmin)
    csv_bytes = b"".join(client.get(reverse("ops:audit_csv")).streaming_content)
    assert csv_bytes.startswith(b"\xef\xbb\xbf") and NAME.encode() in csv_bytes
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("ops:audit_xlsx"))
    operation = client.get(started["Location"]).context["operation"]
    content = b"".join(client.get(operation.get_absolute_url() + "tai-ve/").streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert "spreadsheetml" in package.read("[Content_Types].xml").decode("utf-8")
    values = [c for row in load_workbook(io.BytesIO(content)).active.values for c in row]
    assert NAME in values
