"""The function groups and items of both faces: the province administrator sets their order,
labels and visibility; officials see only what their roles allow; the portal's header menu
follows the same settings."""

import re

import pytest
from django.urls import reverse

from motcua.backoffice import services
from motcua.backoffice.models import Face, NavSetting
from motcua.backoffice.navigation import REGISTRY, settings_for
from motcua.core.models import AuditEntry

from .helpers import client_for

pytestmark = pytest.mark.django_db


def menu_keys(html: str) -> list[str]:
    return re.findall(r'data-nav="([a-z_]+)"', html)


def layout_post(face: str, **changes) -> dict:
    """The navigation screen's form for ``face`` with the current settings, then ``changes``
    (``"g-<key>-order": "5"`` …)."""
    groups, items = settings_for(face)
    data = {"face": face}
    for prefix, entries in (("g", groups), ("i", items)):
        for entry in entries:
            data[f"{prefix}-{entry.key}-order"] = str(entry.order)
            data[f"{prefix}-{entry.key}-label_vi"] = entry.label_vi
            data[f"{prefix}-{entry.key}-label_en"] = entry.label_en
            if entry.visible:
                data[f"{prefix}-{entry.key}-visible"] = "on"
            if prefix == "i":
                data[f"i-{entry.key}-group"] = entry.group
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_default_menus_follow_the_roles(world):
    desk = client_for(world.reception).get(reverse("backoffice:search")).content.decode()
    assert menu_keys(desk) == ["counter", "intake", "returns", "payments", "my_work", "search"]
    leader = client_for(world.agency_leader).get(reverse("backoffice:search")).content.decode()
    assert menu_keys(leader) == [
        "my_work",
        "search",
        "archive",
        "feedback",
        "dashboard",
        "statistics",
    ]
    admin = client_for(world.province_admin).get(reverse("backoffice:search")).content.decode()
    assert {
        "roles",
        "navigation",
        "letterheads",
        "compliance",
        "dashboard",
        "feedback",
        "audit_log",
        "access",
        "payments",
    } <= set(menu_keys(admin))
    home = client_for(world.reception).get(reverse("backoffice:home"))
    assert home.url == reverse("backoffice:reception")


def test_the_province_orders_renames_and_hides_back_office_functions(world):
    admin = client_for(world.province_admin)
    page = admin.get(reverse("backoffice:navigation"))
    assert page.status_code == 200
    data = layout_post(
        Face.BACKOFFICE,
        **{
            "g-processing-order": "1",  # "Xử lý hồ sơ" before "Tiếp nhận và trả kết quả"
            "i-search-order": "5",  # search before my work
            "i-search-label_vi": "Tìm hồ sơ",
            "i-search-label_en": "Find a dossier",
            "i-returns-visible": None,  # hidden
        },
    )
    response = admin.post(reverse("backoffice:navigation"), data)
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="backoffice.navigation_saved").count() == 1
    desk = client_for(world.reception).get(reverse("backoffice:search")).content.decode()
    assert menu_keys(desk) == ["search", "my_work", "counter", "intake", "payments"]
    assert ">Tìm hồ sơ<" in desk
    english = client_for(world.reception).get("/en" + reverse("backoffice:search"))
    assert ">Find a dossier<" in english.content.decode()
    # Hidden from the menu is not forbidden: the screen itself stays reachable by its roles.
    assert client_for(world.reception).get(reverse("backoffice:returns")).status_code == 200
    admin.post(reverse("backoffice:navigation"), {"face": Face.BACKOFFICE, "reset": "1"})
    assert not NavSetting.objects.exists()


def test_the_portal_header_menu_follows_the_provinces_settings(world, client):
    before = client.get(reverse("portal:home")).content.decode()
    assert menu_keys(before) == [
        "home",
        "procedures",
        "fields",
        "agencies",
        "tracking",
        "statistics",  # with tracking, under "Tra cứu"
        "feedback",
        "help",
    ]
    admin = client_for(world.province_admin)
    data = layout_post(
        Face.PORTAL,
        **{
            "g-agencies-order": "1",
            "i-fields-group": "procedures",  # fields become part of the procedures group
            "i-fields-label_vi": "Theo lĩnh vực",
        },
    )
    assert admin.post(reverse("backoffice:navigation"), data).status_code == 302
    after = client.get(reverse("portal:home")).content.decode()
    assert menu_keys(after) == [
        "agencies",
        "home",
        "procedures",
        "fields",
        "tracking",
        "statistics",  # with tracking, under "Tra cứu"
        "feedback",
        "help",
    ]
    assert "<summary>Thủ tục hành chính</summary>" in after  # a group of two opens a submenu
    assert ">Theo lĩnh vực<" in after
    # Officials find their workspace from the portal.
    official = client_for(world.specialist).get(reverse("portal:home")).content.decode()
    assert "backoffice" in menu_keys(official)


def test_only_the_province_administrator_configures_and_bad_input_changes_nothing(world):
    centre = client_for(world.reception)
    assert centre.get(reverse("backoffice:navigation")).status_code == 403
    admin = client_for(world.province_admin)
    bad = layout_post(Face.BACKOFFICE, **{"g-reception-order": "x", "i-search-group": "nowhere"})
    response = admin.post(reverse("backoffice:navigation"), bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Thứ tự phải là số từ 0 đến 999." in html
    assert not NavSetting.objects.exists()
    with pytest.raises(Exception, match="Chỉ quản trị hệ thống tỉnh"):
        services.save_navigation(actor=world.specialist, face=Face.PORTAL, groups=[], items=[])


def test_every_registered_item_points_at_a_real_screen():
    from django.urls import reverse as url

    for face in REGISTRY.values():
        groups = {g.key for g in face.groups}
        for item in face.items:
            assert item.group in groups
            assert url(item.url_name)
