"""Public catalogue pages: server-rendered, usable without JavaScript; htmx only refreshes the
result list of the procedure search in place."""

from itertools import groupby
from pathlib import PurePosixPath

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from motcua.catalog.models import Channel, OnlineLevel, Procedure, TargetGroup
from motcua.catalog.search import public_version, search_procedures
from motcua.directory.models import Agency, Field

from . import selectors
from .forms import ProcedureFilterForm
from .templatetags.portal_tags import localized_name

PAGE_SIZE = 20
# Since 1 July 2025 the national portal is the legal online channel (NĐ 118/2025).
NATIONAL_PORTAL_PROCEDURE_URL = (
    "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}"
)


def _crumbs(*trail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """Breadcrumbs from home; the last entry is the current page (no link)."""
    return [(_("Trang chủ"), reverse("portal:home")), *trail]


@require_GET
def home(request):
    fields = selectors.fields_with_counts()
    return render(
        request,
        "portal/home.html",
        {
            "fields": fields,
            "agency_groups": selectors.agency_groups(committees_only=True),
            "procedure_count": sum(item.procedure_count for item in fields),
            "full_online_count": search_procedures(online_level=OnlineLevel.FULL).count(),
            "centre": selectors.service_centre(),
        },
    )


@require_GET
def procedure_list(request):
    fields, agency_groups = selectors.filter_choices()
    form = ProcedureFilterForm(request.GET, fields=fields, agency_groups=agency_groups)
    arguments = form.search_arguments()
    page = Paginator(search_procedures(**arguments), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "query": arguments["query"],
        "active_filters": [
            (label, value, _without(request, name)) for name, label, value in form.active_filters()
        ],
        "breadcrumbs": _crumbs((_("Thủ tục hành chính"), None)),
    }
    # htmx swaps only the results; a history restore needs the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    response = render(
        request,
        "portal/includes/procedure_results.html" if partial else "portal/procedure_list.html",
        context,
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _without(request, name: str) -> str:
    params = request.GET.copy()
    params.pop(name, None)
    params.pop("page", None)
    return f"{request.path}?{params.urlencode()}" if params else request.path


@require_GET
def procedure_detail(request, national_code: str):
    procedure = get_object_or_404(
        Procedure.objects.select_related("field"), national_code=national_code, is_active=True
    )
    version = public_version(procedure)
    if version is None:
        raise Http404(_("Thủ tục này hiện không có phiên bản đang có hiệu lực."))
    cases = list(version.cases.all())
    components = list(version.components.all())
    groups = [(None, [c for c in components if c.case_id is None])]
    groups += [(case, [c for c in components if c.case_id == case.pk]) for case in cases]
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "procedure": procedure,
            "version": version,
            "agencies": procedure.agencies.in_force(timezone.localdate()).order_by(
                "sort_order", "name_search"
            ),
            "target_groups": _labels(TargetGroup, version.target_groups),
            "channels": _labels(Channel, version.channels),
            "cases": cases,
            "component_groups": [(case, items) for case, items in groups if items],
            "fees": list(version.fees.all()),
            "result_types": list(version.result_types.all()),
            "online": _online_entry(procedure, version),
            "breadcrumbs": _crumbs(
                (_("Thủ tục hành chính"), reverse("portal:procedure_list")),
                (
                    localized_name(procedure.field),
                    reverse("portal:field_detail", args=[procedure.field.code]),
                ),
                (procedure.national_code, None),
            ),
        },
    )


def _labels(choices, values) -> list[str]:
    known = dict(choices.choices)
    return [str(known[value]) for value in values if value in known]


def _online_entry(procedure: Procedure, version) -> dict | None:
    """Where "Nộp hồ sơ trực tuyến" leads: our own wizard when this portal files dossiers,
    otherwise the procedure's page on the national portal."""
    if version.online_level == OnlineLevel.INFORMATION:
        return None
    if settings.MOTCUA_PORTAL_FILING_ENABLED:
        try:
            url = reverse("portal:submit_start", kwargs={"national_code": procedure.national_code})
        except NoReverseMatch:
            pass
        else:
            return {"url": url, "internal": True}
    return {
        "url": NATIONAL_PORTAL_PROCEDURE_URL.format(code=procedure.national_code),
        "internal": False,
    }


@require_GET
def component_template(request, national_code: str, pk: int):
    """Download the blank form of a component of a version in force (never of a draft)."""
    procedure = get_object_or_404(Procedure, national_code=national_code, is_active=True)
    version = public_version(procedure)
    if version is None:
        raise Http404(_("Thủ tục này hiện không có phiên bản đang có hiệu lực."))
    component = get_object_or_404(version.components.all(), pk=pk)
    if not component.template_file:
        raise Http404(_("Thành phần hồ sơ này không có mẫu để tải về."))
    return FileResponse(
        component.template_file.open("rb"),
        as_attachment=True,
        filename=PurePosixPath(component.template_file.name).name,
    )


@require_GET
def field_list(request):
    return render(
        request,
        "portal/field_list.html",
        {
            "fields": selectors.fields_with_counts(),
            "breadcrumbs": _crumbs((pgettext("menu", "Lĩnh vực"), None)),
        },
    )


@require_GET
def field_detail(request, code: str):
    item = get_object_or_404(Field, code=code)
    return render(
        request,
        "portal/field_detail.html",
        {
            "field": item,
            "procedures": search_procedures(field=item),
            "breadcrumbs": _crumbs(
                (pgettext("menu", "Lĩnh vực"), reverse("portal:field_list")),
                (localized_name(item), None),
            ),
        },
    )


@require_GET
def agency_list(request):
    return render(
        request,
        "portal/agency_list.html",
        {
            "agency_groups": selectors.agency_groups(),
            "breadcrumbs": _crumbs((pgettext("menu", "Cơ quan thực hiện"), None)),
        },
    )


@require_GET
def agency_detail(request, code: str):
    agency = get_object_or_404(Agency.objects.select_related("successor"), code=code)
    today = timezone.localdate()
    if not agency.in_force_on(today) and agency.successor_id:
        # Merged in the 2025 reform (or later): its procedures now sit with the successor.
        return redirect("portal:agency_detail", code=agency.successor.code, permanent=True)
    # A stable sort keeps the search's name order inside each field.
    procedures = sorted(search_procedures(agency=agency), key=lambda p: p.field.name_search)
    return render(
        request,
        "portal/agency_detail.html",
        {
            "agency": agency,
            "procedure_count": len(procedures),
            "by_field": [(f, list(items)) for f, items in groupby(procedures, lambda p: p.field)],
            "breadcrumbs": _crumbs(
                (pgettext("menu", "Cơ quan thực hiện"), reverse("portal:agency_list")),
                (localized_name(agency), None),
            ),
        },
    )


@require_GET
def site_map(request):
    procedures = sorted(search_procedures(), key=lambda p: p.field.name_search)
    return render(
        request,
        "portal/site_map.html",
        {
            "by_field": [(f, list(items)) for f, items in groupby(procedures, lambda p: p.field)],
            "agency_groups": selectors.agency_groups(),
            "breadcrumbs": _crumbs((_("Sơ đồ cổng"), None)),
        },
    )


@require_GET
def robots_txt(request):
    lines = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append("Disallow: " + reverse("admin:index"))
    lines += [
        "Disallow: /api/",
        "Disallow: /i18n/",
        "Allow: /",
        "Sitemap: " + request.build_absolute_uri(reverse("sitemap")),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
