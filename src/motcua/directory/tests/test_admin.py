"""Admin screens of the shared e-catalogues."""

import datetime as dt

import pytest
from django.urls import reverse

from motcua.core.models import AuditEntry
from motcua.directory.models import AdministrativeUnit, Agency, Field

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    province = AdministrativeUnit.objects.create(code="51", name="Quảng Ngãi", kind="province")
    ubnd = Agency.objects.create(
        code="000.00.00.H48",
        name="Ủy ban nhân dân tỉnh Quảng Ngãi",
        kind="peoples_committee",
        level="province",
        administrative_unit=province,
    )
    department = Agency.objects.create(
        code="000.00.03.H48", name="Sở Tư pháp", kind="department", level="province", parent=ubnd
    )
    district = Agency.objects.create(
        code="000.00.53.H48",
        name="UBND huyện Bình Sơn",
        kind="peoples_committee",
        level="district",
        parent=ubnd,
        valid_to=dt.date(2025, 7, 1),
    )
    field = Field.objects.create(code="G15-TP07", name="Hộ tịch")
    return province, ubnd, department, district, field


@pytest.mark.criterion("PL2-5")
def test_changelists_filters_and_change_pages_render(admin_client, tree):
    province, ubnd, department, district, field = tree
    pages = [
        reverse("admin:directory_administrativeunit_changelist"),
        reverse("admin:directory_administrativeunit_changelist") + "?in_force=yes",
        reverse("admin:directory_administrativeunit_change", args=[province.pk]),
        reverse("admin:directory_agency_changelist"),
        reverse("admin:directory_agency_changelist") + "?kind=department&level=province",
        reverse("admin:directory_agency_changelist") + f"?parent={ubnd.pk}",
        reverse("admin:directory_agency_change", args=[department.pk]),
        reverse("admin:directory_agency_add"),
        reverse("admin:directory_field_changelist"),
        reverse("admin:directory_field_change", args=[field.pk]),
    ]
    for url in pages:
        assert admin_client.get(url).status_code == 200, url
    listing = admin_client.get(pages[3]).content.decode()
    assert "— Sở Tư pháp" in listing  # indented under its parent

    in_force = admin_client.get(reverse("admin:directory_agency_changelist") + "?in_force=yes")
    assert set(in_force.context["cl"].result_list) == {ubnd, department}
    ended = admin_client.get(reverse("admin:directory_agency_changelist") + "?in_force=no")
    assert list(ended.context["cl"].result_list) == [district]
    search = admin_client.get(reverse("admin:directory_agency_changelist") + "?q=so+tu+phap")
    assert list(search.context["cl"].result_list) == [department]


def agency_form(**values) -> dict:
    data = {
        "code": "000.00.14.H48",
        "name": "Sở Ngoại vụ",
        "kind": "department",
        "level": "province",
        "sort_order": 0,
    }
    data.update(values)
    return data


@pytest.mark.criterion("PL2-5", "PL5-9")
def test_adding_an_agency_checks_code_and_parent(admin_client, tree):
    district = tree[3]
    url = reverse("admin:directory_agency_add")
    response = admin_client.post(url, agency_form(code="000.00.14.h48", parent=district.pk))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "chỉ gồm các nhóm chữ số và chữ in hoa không dấu" in errors["code"][0]
    assert "phải còn hiệu lực trong suốt thời gian hiệu lực" in errors["parent"][0]
    assert not Agency.objects.filter(name="Sở Ngoại vụ").exists()

    response = admin_client.post(url, agency_form(parent=tree[1].pk))
    assert response.status_code == 302
    created = Agency.objects.get(code="000.00.14.H48")
    assert AuditEntry.objects.filter(
        action="directory.agency.created", object_id=str(created.pk)
    ).exists()


@pytest.mark.criterion("PL5-9")
def test_a_field_code_is_checked(admin_client, tree):
    url = reverse("admin:directory_field_add")
    response = admin_client.post(url, {"code": "hộ tịch", "name": "Hộ tịch 2"})
    assert "Mã lĩnh vực “hộ tịch” không hợp lệ" in response.content.decode()
    response = admin_client.post(url, {"code": "G15-TP08", "name": "Chứng thực"})
    assert response.status_code == 302 and Field.objects.filter(code="G15-TP08").exists()
