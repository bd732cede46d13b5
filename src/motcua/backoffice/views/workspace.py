"""The lists officials work from: my work, the online intake queue, the return desk, search,
the leader dashboard."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.accounts.models import Role, User
from motcua.core.paging import capped_page
from motcua.directory.models import Agency

from .. import navigation, selectors
from ..access import official_required
from ..forms import SearchForm, WorkFilterForm
from ..navigation import ADMINS, LEADERS, STEP_ROLES
from .common import PAGE_SIZE, crumbs, paginate, render_list

# A broad search over a million dossiers must not pay for an exact total nobody reads.
SEARCH_CAP = 1000


@require_GET
@official_required
def home(request):
    """The first function of the user's menu (in the province's order)."""
    return redirect(navigation.first_url(request) or reverse("backoffice:search"))


@require_GET
@official_required(roles=STEP_ROLES)
def my_work(request):
    moments = selectors.Moments.at()
    form = WorkFilterForm(request.GET, choices=selectors.my_work_choices(request.user))
    filters = form.filters()
    tasks, counts = selectors.my_work(request.user, filters, moments)
    page, page_range = paginate(request, tasks)
    params = request.GET.copy()
    params.pop("page", None)
    tabs = []
    for key, label in (
        ("all", _("Tất cả")),
        ("overdue", _("Quá hạn")),
        ("due_soon", _("Sắp đến hạn")),
        ("waiting", _("Chờ người nộp")),
    ):
        params["tab"] = key
        tabs.append((key, label, counts[key], f"?{params.urlencode()}"))
    return render_list(
        request,
        "backoffice/my_work.html",
        "backoffice/includes/work_results.html",
        {
            "form": form,
            "tab": filters.tab,
            "tabs": tabs,
            "page": page,
            "page_range": page_range,
            "moments": moments,
            "breadcrumbs": crumbs((_("Việc của tôi"), None)),
        },
    )


@require_GET
@official_required(roles={Role.RECEPTION})
def intake(request):
    moments = selectors.Moments.at()
    page, page_range = paginate(request, selectors.intake_queue(request.user))
    return render(
        request,
        "backoffice/intake.html",
        {
            "page": page,
            "page_range": page_range,
            "moments": moments,
            "breadcrumbs": crumbs((_("Hồ sơ trực tuyến chờ tiếp nhận"), None)),
        },
    )


@require_GET
@official_required(roles={Role.RECEPTION, Role.CLERK})
def returns(request):
    moments = selectors.Moments.at()
    page, page_range = paginate(request, selectors.return_desk(request.user))
    return render(
        request,
        "backoffice/returns.html",
        {
            "page": page,
            "page_range": page_range,
            "moments": moments,
            "breadcrumbs": crumbs((_("Trả kết quả"), None)),
        },
    )


@require_GET
@official_required
def search(request):
    moments = selectors.Moments.at()
    form = SearchForm(request.GET)
    page = None
    if form.has_criteria or request.GET.get("all"):
        qs = selectors.search_dossiers(request.user, form.filters(), moments)
        page = capped_page(request, qs, size=PAGE_SIZE, cap=SEARCH_CAP)
    return render_list(
        request,
        "backoffice/search.html",
        "backoffice/includes/search_results.html",
        {
            "form": form,
            "page": page,
            "chips": _drilldown_chips(request, form),
            "moments": moments,
            "breadcrumbs": crumbs((_("Tra cứu hồ sơ"), None)),
        },
    )


def _drilldown_chips(request, form: SearchForm) -> list[tuple[str, str]]:
    """(label, URL without it) of each dashboard filter in effect."""
    form.is_valid()
    data = form.cleaned_data
    shown = []
    if data.get("holder_unit"):
        unit = Agency.objects.filter(pk=data["holder_unit"]).values_list("name", flat=True).first()
        shown.append(("holder_unit", _("Đang xử lý tại: %(unit)s") % {"unit": unit or "?"}))
    if data.get("holder") == "none":
        shown.append(("holder", _("Chưa phân công")))
    elif data.get("holder") == "any":
        shown.append(("holder", _("Đang ở một bước xử lý")))
    elif data.get("holder"):
        person = (
            User.objects.filter(pk=data["holder"]).first() if data["holder"].isdigit() else None
        )
        shown.append(("holder", _("Người xử lý: %(name)s") % {"name": person or "?"}))
    if data.get("timing"):
        shown.append(("timing", dict(form.fields["timing"].choices)[data["timing"]]))
    if data.get("step_late"):
        shown.append(("step_late", _("Trễ hạn bước xử lý")))
    if data.get("steered"):
        shown.append(("steered", _("Thuộc các đơn vị tôi điều hành")))
    if data.get("on_time"):
        shown.append(("on_time", dict(form.fields["on_time"].choices)[data["on_time"]]))
    chips = []
    for name, label in shown:
        params = request.GET.copy()
        params.pop(name, None)
        params.pop("page", None)
        chips.append((label, f"{request.path}?{params.urlencode()}"))
    return chips


@require_GET
@official_required(roles=LEADERS | ADMINS)
def dashboard(request):
    moments = selectors.Moments.at()
    board = selectors.dashboard(request.user, moments)
    search_url = reverse("backoffice:search")

    def link(**params) -> str:
        return f"{search_url}?{urlencode({k: v for k, v in params.items() if v is not None})}"

    for row in board.units:
        unit = row["agency_id"]
        row["links"] = {
            "total": link(holder_unit=unit),
            "overdue": link(holder_unit=unit, timing="overdue"),
            "due_soon": link(holder_unit=unit, timing="due_soon"),
            "step_late": link(holder_unit=unit, step_late="on"),
        }
    for row in board.people:
        unit, person = row["agency_id"], row["assignee_id"] or "none"
        row["links"] = {
            "total": link(holder_unit=unit, holder=person),
            "overdue": link(holder_unit=unit, holder=person, timing="overdue"),
            "due_soon": link(holder_unit=unit, holder=person, timing="due_soon"),
            "step_late": link(holder_unit=unit, holder=person, step_late="on"),
        }
    period = board.period
    statistics = reverse("reports:dossiers")

    def behind(figure: str) -> str:
        query = {"so_lieu": figure, "ky": "month", "nam": period.start.year}
        return f"{statistics}?{urlencode({**query, 'thang': period.start.month})}"

    month_links = {
        "processed": behind("processed"),
        "on_time": behind("processed_on_time"),
        "late": behind("processed_overdue"),
        "open_overdue": link(steered="on", timing="overdue"),
    }
    totals_links = {
        "total": link(holder="any"),
        "overdue": link(holder="any", timing="overdue"),
        "due_soon": link(holder="any", timing="due_soon"),
        "step_late": link(holder="any", step_late="on"),
    }
    return render(
        request,
        "backoffice/dashboard.html",
        {
            "board": board,
            "month_links": month_links,
            "totals_links": totals_links,
            "moments": moments,
            "breadcrumbs": crumbs((_("Bảng điều hành"), None)),
        },
    )
