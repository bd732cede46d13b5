"""Function groups and items of both faces (back office and portal).

What exists, where it leads and who may use it is code (``REGISTRY``) — a screen nobody may
open must not be offered. The province administrator decides the order, the labels and the
visibility (``NavSetting`` rows, edited on the back office's navigation screen: the province's
letter asks for the layout and order of function groups it specified). With no row at all a
face shows the defaults below, in this order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.accounts.models import Role
from motcua.archive.selectors import ARCHIVE_ROLES
from motcua.feedback.permissions import HANDLER_ROLES

from .access import is_official, roles_of
from .models import Face, NavSetting

R = Role
STEP_ROLES = frozenset({R.RECEPTION, R.SPECIALIST, R.DIVISION_LEADER, R.AGENCY_LEADER, R.CLERK})
LEADERS = frozenset({R.DIVISION_LEADER, R.AGENCY_LEADER})
ADMINS = frozenset({R.CENTRE_ADMIN, R.PROVINCE_ADMIN})


@dataclass(frozen=True)
class GroupDef:
    key: str
    label: Promise


@dataclass(frozen=True)
class ItemDef:
    key: str
    url_name: str
    label: Promise
    group: str
    # Back office: the roles that may use it (``None``: every official). Portal: ignored.
    roles: frozenset[str] | None = None
    # Extra condition on the request (e.g. staff only); the item is hidden when it is false.
    condition: Callable | None = None
    # Other URL names under which the item is the current page.
    also_current: tuple[str, ...] = ()


def _is_staff(request) -> bool:
    return bool(request.user.is_staff)


def _is_official(request) -> bool:
    return is_official(request.user)


@dataclass(frozen=True)
class FaceDef:
    groups: tuple[GroupDef, ...]
    items: tuple[ItemDef, ...]


REGISTRY: dict[str, FaceDef] = {
    Face.BACKOFFICE: FaceDef(
        groups=(
            GroupDef("reception", _("Tiếp nhận và trả kết quả")),
            GroupDef("processing", _("Xử lý hồ sơ")),
            GroupDef("citizens", _("Người dân, doanh nghiệp")),
            GroupDef("steering", _("Điều hành")),
            GroupDef("administration", _("Quản trị")),
        ),
        items=(
            ItemDef(
                "counter",
                "backoffice:reception",
                _("Tiếp nhận tại quầy"),
                "reception",
                frozenset({R.RECEPTION}),
                also_current=(
                    "backoffice:reception_case",
                    "backoffice:reception_form",
                    "backoffice:reception_done",
                ),
            ),
            ItemDef(
                "intake",
                "backoffice:intake",
                _("Hồ sơ trực tuyến chờ tiếp nhận"),
                "reception",
                frozenset({R.RECEPTION}),
            ),
            ItemDef(
                "returns",
                "backoffice:returns",
                _("Trả kết quả"),
                "reception",
                frozenset({R.RECEPTION, R.CLERK}),
            ),
            ItemDef(
                "payments",
                "payments:officer_list",
                _("Thu phí, lệ phí"),
                "reception",
                frozenset({R.RECEPTION, R.CLERK}) | ADMINS,
                also_current=("payments:officer_dossier", "payments:officer_statement"),
            ),
            ItemDef("my_work", "backoffice:my_work", _("Việc của tôi"), "processing", STEP_ROLES),
            ItemDef("search", "backoffice:search", _("Tra cứu hồ sơ"), "processing"),
            ItemDef(
                "archive",
                "archive:list",
                _("Lưu trữ hồ sơ"),
                "processing",
                ARCHIVE_ROLES,
                also_current=("archive:detail",),
            ),
            ItemDef(
                "feedback",
                "feedback:office_list",
                _("Phản ánh, kiến nghị"),
                "citizens",
                HANDLER_ROLES,
                also_current=("feedback:office_detail",),
            ),
            ItemDef(
                "dashboard",
                "backoffice:dashboard",
                _("Bảng điều hành"),
                "steering",
                LEADERS | ADMINS,
            ),
            ItemDef(
                "statistics",
                "reports:statistics",
                _("Thống kê, báo cáo"),
                "steering",
                LEADERS | ADMINS,
                also_current=("reports:dossiers", "reports:index766", "reports:evaluation"),
            ),
            ItemDef(
                "roles",
                "backoffice:roles",
                _("Phân quyền cán bộ"),
                "administration",
                ADMINS,
                also_current=("backoffice:role_user",),
            ),
            ItemDef(
                "navigation",
                "backoffice:navigation",
                _("Bố cục, thứ tự chức năng"),
                "administration",
                frozenset({R.PROVINCE_ADMIN}),
            ),
            ItemDef(
                "letterheads",
                "documents:letterhead_list",
                _("Tiêu đề biểu mẫu"),
                "administration",
                ADMINS,
            ),
            ItemDef(
                "compliance",
                "compliance:report",
                _("Tự đánh giá tuân thủ"),
                "administration",
                frozenset({R.PROVINCE_ADMIN}),
            ),
            ItemDef(
                "audit_log",
                "ops:audit_log",
                _("Nhật ký thao tác"),
                "administration",
                frozenset({R.PROVINCE_ADMIN}),
            ),
            ItemDef(
                "access",
                "ops:access",
                _("Thống kê truy cập"),
                "administration",
                frozenset({R.PROVINCE_ADMIN}),
            ),
            ItemDef(
                "catalogue_admin",
                "admin:index",
                _("Quản trị danh mục"),
                "administration",
                ADMINS,
                condition=_is_staff,
            ),
        ),
    ),
    Face.PORTAL: FaceDef(
        groups=(
            GroupDef("home", _("Trang chủ")),
            GroupDef("procedures", _("Thủ tục hành chính")),
            GroupDef("fields", pgettext_lazy("menu", "Lĩnh vực")),
            GroupDef("agencies", pgettext_lazy("menu", "Cơ quan thực hiện")),
            GroupDef("tracking", _("Tra cứu")),
            GroupDef("feedback", _("Phản ánh, kiến nghị")),
            GroupDef("help", _("Hướng dẫn")),
            GroupDef("officials", _("Dành cho cán bộ")),
        ),
        items=(
            ItemDef("home", "portal:home", _("Trang chủ"), "home"),
            ItemDef(
                "procedures",
                "portal:procedure_list",
                _("Thủ tục hành chính"),
                "procedures",
                also_current=("portal:procedure_detail",),
            ),
            ItemDef(
                "fields",
                "portal:field_list",
                pgettext_lazy("menu", "Lĩnh vực"),
                "fields",
                also_current=("portal:field_detail",),
            ),
            ItemDef(
                "agencies",
                "portal:agency_list",
                pgettext_lazy("menu", "Cơ quan thực hiện"),
                "agencies",
                also_current=("portal:agency_detail",),
            ),
            ItemDef("tracking", "portal:tracking", _("Tra cứu hồ sơ"), "tracking"),
            ItemDef(
                "statistics",
                "reports_public:statistics",
                _("Thống kê giải quyết hồ sơ"),
                "tracking",
                also_current=("reports_public:statistics_file",),
            ),
            ItemDef(
                "feedback",
                "feedback:public_list",
                _("Phản ánh, kiến nghị"),
                "feedback",
                also_current=("feedback:send", "feedback:sent", "feedback:mine"),
            ),
            ItemDef("help", "feedback:help", _("Hướng dẫn"), "help"),
            ItemDef(
                "backoffice",
                "backoffice:home",
                _("Một cửa điện tử"),
                "officials",
                condition=_is_official,
            ),
        ),
    ),
}


@dataclass
class Entry:
    key: str
    label: str
    url: str
    # "page" on the item's own screen, "true" on a screen below it (``aria-current``).
    current: str = ""


@dataclass
class Group:
    key: str
    label: str
    items: list[Entry] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return any(item.current for item in self.items)


@dataclass
class Setting:
    """The effective order, labels, visibility (and group, for items) of one entry."""

    key: str
    default_label: str
    order: int
    label_vi: str = ""
    label_en: str = ""
    visible: bool = True
    group: str = ""

    @property
    def label(self) -> str:
        english = (translation.get_language() or "").startswith("en")
        custom = self.label_en if english else self.label_vi
        return custom or self.default_label


def settings_for(face: str) -> tuple[list[Setting], list[Setting]]:
    """(groups, items) of ``face`` with the province's settings applied, sorted by order."""
    definition = REGISTRY[face]
    rows = {(r.kind, r.key): r for r in NavSetting.objects.filter(face=face)}
    groups = [
        _setting(g.key, g.label, index, rows.get((NavSetting.Kind.GROUP, g.key)))
        for index, g in enumerate(definition.groups)
    ]
    known_groups = {g.key for g in groups}
    items = []
    for index, item in enumerate(definition.items):
        setting = _setting(item.key, item.label, index, rows.get((NavSetting.Kind.ITEM, item.key)))
        if setting.group not in known_groups:
            setting.group = item.group
        items.append(setting)
    groups.sort(key=lambda s: (s.order, s.key))
    items.sort(key=lambda s: (s.order, s.key))
    return groups, items


def _setting(key: str, label: Promise, index: int, row: NavSetting | None) -> Setting:
    setting = Setting(key=key, default_label=str(label), order=(index + 1) * 10)
    if row is not None:
        setting.order = row.order
        setting.label_vi = row.label_vi
        setting.label_en = row.label_en
        setting.visible = row.visible
        setting.group = row.group
    return setting


def item_def(face: str, key: str) -> ItemDef:
    return next(i for i in REGISTRY[face].items if i.key == key)


def menu(face: str, request) -> list[Group]:
    """The groups and items ``request.user`` may use, in the province's order (cached on the
    request: the header and the page may both ask)."""
    cache = request.__dict__.setdefault("_motcua_menu", {})
    if face in cache:
        return cache[face]
    groups, items = settings_for(face)
    held = _held_roles(request) if face == Face.BACKOFFICE else None
    current = getattr(getattr(request, "resolver_match", None), "view_name", "") or ""
    by_group: dict[str, list[Entry]] = {g.key: [] for g in groups}
    for setting in items:
        definition = item_def(face, setting.key)
        if not setting.visible or not _allowed(definition, held, request):
            continue
        try:
            url = reverse(definition.url_name)
        except NoReverseMatch:  # an app that is not installed in this deployment
            continue
        here = (
            "page"
            if current == definition.url_name
            else "true"
            if current in definition.also_current
            else ""
        )
        by_group[setting.group].append(Entry(setting.key, setting.label, url, here))
    result = [
        Group(g.key, g.label, by_group[g.key]) for g in groups if g.visible and by_group[g.key]
    ]
    cache[face] = result
    return result


def _held_roles(request) -> frozenset[str] | None:
    """The user's roles; ``None`` for a superuser (every item)."""
    if request.user.is_superuser:
        return None
    return roles_of(request.user)


def _allowed(definition: ItemDef, held, request) -> bool:
    if definition.condition is not None and not definition.condition(request):
        return False
    if definition.roles is None or held is None:
        return True
    return bool(definition.roles & held)


def first_url(request) -> str | None:
    """Where the back office's home leads this user: the first item of their menu."""
    for group in menu(Face.BACKOFFICE, request):
        for item in group.items:
            return item.url
    return None
