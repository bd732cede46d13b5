"""Officials' statistics (``/mot-cua/thong-ke/``) and the public statistics page
(``/thong-ke/``). Every page is a plain GET form over the services; each report downloads as
XLSX, PDF and JSON from the same URL with ``.xlsx``/``.pdf``/``.json``."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.accounts.models import Role
from motcua.backoffice.access import official_required
from motcua.core.paging import MAX_PAGE, capped_page
from motcua.directory.models import Agency
from motcua.documents.services import build_tracking_book
from motcua.dossiers.permissions import scope_of

from . import charts, exports, index766, scoring, services, tables, tt01
from .forms import PeriodForm, StatisticsForm, period_query, visible_agencies
from .periods import Period
from .services import FIGURES, Filters

PAGE_SIZE = 50
EVALUATORS = frozenset(
    {Role.DIVISION_LEADER, Role.AGENCY_LEADER, Role.CENTRE_ADMIN, Role.PROVINCE_ADMIN}
)
PUBLIC_CACHE_SECONDS = 300


def scored(view):
    """A page scored by a formula version: without one configured, it says so and where the
    administrator adds one, rather than failing."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except scoring.SchemeMissing as missing:
            return render(request, "reports/no_scheme.html", {"message": missing.message})

    return wrapper


def _file(report: exports.Report, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    response = HttpResponse(exports.render(report, fmt), content_type=exports.CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{report.filename}.{fmt}"'
    return response


def _letterhead_agency(request, filters: Filters | None = None) -> Agency | None:
    """Whose letterhead a report file carries: the chosen agency, else the official's own."""
    if filters and filters.agency_ids:
        chosen = Agency.objects.filter(pk__in=sorted(filters.agency_ids)).order_by("pk").first()
        if chosen:
            return chosen.root_agency()
    memberships = scope_of(request.user).memberships
    if memberships and not scope_of(request.user).is_province_admin:
        return Agency.objects.get(pk=memberships[0][1]).root_agency()
    return None


def _export_links(request, name: str, **kwargs) -> list[tuple[str, str]]:
    query = request.GET.urlencode()
    out = []
    for fmt, label in (("xlsx", "XLSX"), ("pdf", "PDF"), ("json", "JSON")):
        url = reverse(name, kwargs={**kwargs, "fmt": fmt})
        out.append((label, f"{url}?{query}" if query else url))
    return out


# --- statistics ---------------------------------------------------------------------------------


@require_GET
@official_required
def statistics(request, fmt: str | None = None):
    scope = services.scope_for(request.user)
    form = StatisticsForm(request.GET or None, agencies=visible_agencies(scope))
    period = form.period()
    filters = form.filters(scope)
    group_by = form.group_by()
    table = services.statistics(period, filters, group_by)
    base_query = _period_query(form, period)

    def link(figure: str, grouped_by: str, key) -> str | None:
        if figure not in services.DRILLABLE:
            return None
        params = {**base_query, "so_lieu": figure}
        if grouped_by:
            params.update(theo=grouped_by, gia_tri=key)
        return f"{reverse('reports:dossiers')}?{urlencode(params)}"

    report, linked = tables.statistics_report(
        table,
        title=_("Báo cáo tình hình giải quyết thủ tục hành chính"),
        subtitle=period.label,
        agency=_letterhead_agency(request, filters),
        link=link,
    )
    if fmt:
        return _file(report, fmt)
    series = services.monthly_series(period, filters)
    context = {
        "form": form,
        "period": period,
        "table": table,
        "linked": linked,
        "exports": _export_links(request, "reports:statistics_file"),
        "charts": _statistics_charts(table, series),
        "series": series,
        "books": _tracking_books(scope, period),
    }
    return render(request, "reports/statistics.html", context)


def _period_query(form: PeriodForm, period: Period) -> dict:
    """Query parameters that select exactly ``period`` and the form's filters."""
    params = period_query(period)
    if form.is_valid():
        for name in ("co_quan", "linh_vuc", "kenh"):
            value = form.cleaned_data.get(name)
            if value not in (None, ""):
                params[name] = value
    return params


def _statistics_charts(table: services.Table, series) -> list:
    rates = [(row.label, row.figures["on_time_rate"]) for row in table.rows[:25]]
    months = [month.strftime("%m/%Y") for month, _f in series]
    received = [f["received"] for _m, f in series]
    ended = [f["ended"] for _m, f in series]
    return [
        {
            "id": "chart-rate",
            "caption": _("Tỷ lệ giải quyết đúng hạn theo %(group)s")
            % {"group": str(services.GROUPS[table.group_by]).lower()},
            "svg": charts.bar_chart(
                "chart-rate",
                _("Tỷ lệ đúng hạn (%)"),
                _describe(rates, "%"),
                rates,
                unit="%",
                maximum=100,
            ),
            "head": (str(services.GROUPS[table.group_by]), _("Tỷ lệ đúng hạn (%)")),
            "rows": rates,
        },
        {
            "id": "chart-months",
            "caption": _("Hồ sơ tiếp nhận và đã giải quyết theo tháng"),
            "svg": charts.column_chart(
                "chart-months",
                _("Hồ sơ tiếp nhận và đã giải quyết theo tháng"),
                "; ".join(
                    _("%(month)s: tiếp nhận %(received)s, đã giải quyết %(ended)s")
                    % {"month": m, "received": r, "ended": e}
                    for m, r, e in zip(months, received, ended, strict=True)
                ),
                months,
                [
                    charts.Series(_("Tiếp nhận"), received),
                    charts.Series(_("Đã giải quyết"), ended),
                ],
            ),
            "head": (_("Tháng"), _("Tiếp nhận"), _("Đã giải quyết")),
            "rows": list(zip(months, received, ended, strict=True)),
        },
    ]


def _describe(items, unit: str = "") -> str:
    """A chart's figures in words (its ``<desc>``)."""
    return "; ".join(f"{label}: {'—' if value is None else value}{unit}" for label, value in items)


def _tracking_books(scope, period: Period) -> list[dict]:
    """Links to the tracking book (Sổ theo dõi hồ sơ) of each desk in scope, for the year of
    the period's end (PDF and DOCX from ``motcua.documents``, XLSX here)."""
    year = min(period.last_day.year, timezone.localdate().year)
    desks = Agency.objects.filter(receives_dossiers=True).order_by("sort_order", "name")
    if scope is not None:
        desks = desks.filter(pk__in=sorted(scope))
    books = []
    for desk in desks[:30]:
        args = {"agency_code": desk.code, "year": year}
        books.append(
            {
                "desk": desk,
                "year": year,
                "links": [
                    ("PDF", reverse("documents:tracking_book", kwargs={**args, "fmt": "pdf"})),
                    ("DOCX", reverse("documents:tracking_book", kwargs={**args, "fmt": "docx"})),
                    ("XLSX", reverse("reports:tracking_book_xlsx", kwargs=args)),
                ],
            }
        )
    return books


@require_GET
@official_required
def tracking_book_xlsx(request, agency_code: str, year: int):
    agency = get_object_or_404(Agency, code=agency_code)
    scope = services.scope_for(request.user)
    if (
        scope is not None and agency.pk not in scope
    ) or not 2000 <= year <= timezone.localdate().year:
        raise Http404
    document = build_tracking_book(agency, year)
    response = HttpResponse(
        exports.document_xlsx(document), content_type=exports.CONTENT_TYPES["xlsx"]
    )
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.xlsx"'
    return response


# --- the dossiers behind a figure ---------------------------------------------------------------


@require_GET
@official_required
def dossiers(request):
    scope = services.scope_for(request.user)
    form = StatisticsForm(request.GET or None, agencies=visible_agencies(scope))
    period = form.period()
    filters = form.filters(scope)
    figure = request.GET.get("so_lieu", "")
    group_by = request.GET.get("theo", "")
    key = request.GET.get("gia_tri")
    if figure not in services.DRILLABLE or (group_by and group_by not in services.GROUPS):
        raise Http404
    if group_by and group_by != "channel":
        try:
            key = int(key)
        except (TypeError, ValueError):
            raise Http404 from None
    try:
        queryset = services.dossiers_behind(
            figure, period, filters, group_by=group_by, key=key
        ).select_related("procedure", "settling_agency")
    except ValidationError:
        raise Http404 from None
    context = {
        "figure": figure,
        "figure_label": services.figure_label(figure),
        "period": period,
        # The exact figure is in the table the list was opened from; the list counts no
        # further than its last page.
        "page": capped_page(request, queryset, size=PAGE_SIZE, cap=MAX_PAGE * PAGE_SIZE),
        "group_label": _group_value_label(group_by, key),
    }
    return render(request, "reports/dossiers.html", context)


def _group_value_label(group_by: str, key) -> str:
    if not group_by:
        return ""
    labels = services.labels_for(group_by, [key])
    return f"{services.GROUPS[group_by]}: {labels.get(key, key)}"


# --- QĐ 766 ------------------------------------------------------------------------------------


class IndexPeriodForm(PeriodForm):
    kinds = ("month", "quarter", "year")


@require_GET
@official_required
@scored
def index_766(request, fmt: str | None = None):
    scope = services.scope_for(request.user)
    form = IndexPeriodForm(request.GET or None)
    period = form.period()
    index = index766.compute(period, scope_ids=scope)
    if fmt:
        return _file(tables.index_report(index, agency=_letterhead_agency(request)), fmt)
    rows = sorted(index.agencies, key=lambda s: -s.points)
    context = {
        "form": form,
        "index": index,
        "rows": rows,
        "query": request.GET.urlencode(),
        "exports": _export_links(request, "reports:index766_file"),
        "chart": charts.bar_chart(
            "chart-766",
            _("Tổng điểm theo cơ quan"),
            "; ".join(f"{s.agency.name}: {s.points}" for s in rows[:25]),
            [(s.agency.name, float(s.points)) for s in rows[:25]],
            maximum=100,
        ),
        "chart_rows": [(s.agency.name, s.points) for s in rows[:25]],
    }
    return render(request, "reports/index766.html", context)


@require_GET
@official_required
@scored
def index_766_agency(request, code: str, fmt: str | None = None):
    scope = services.scope_for(request.user)
    agency = get_object_or_404(Agency, code=code)
    if scope is not None and agency.pk not in scope:
        raise Http404
    form = IndexPeriodForm(request.GET or None)
    period = form.period()
    index = index766.compute(period, scope_ids=scope)
    score = next((s for s in index.agencies if s.agency.pk == agency.pk), None)
    if score is None:
        score = index766.Score(agency, [])
    if fmt:
        return _file(tables.agency_index_report(index, score), fmt)
    query = {**period_query(period), "co_quan": agency.pk}

    def link(figure: str | None) -> str | None:
        if not figure:
            return None
        return f"{reverse('reports:dossiers')}?{urlencode({**query, 'so_lieu': figure})}"

    groups = [
        {
            "group": group,
            "indicators": [
                {
                    "indicator": ind,
                    "note": tables.indicator_note(ind),
                    "reason": index766.no_data_reason(_measure_of(index, ind.code)),
                    "numerator_url": link(ind.measured.figures[0])
                    if ind.measured and ind.measured.figures
                    else None,
                    "denominator_url": link(ind.measured.figures[1])
                    if ind.measured and ind.measured.figures
                    else None,
                }
                for ind in group.indicators
            ],
        }
        for group in score.groups
    ]
    context = {
        "form": form,
        "index": index,
        "score": score,
        "groups": groups,
        "exports": _export_links(request, "reports:index766_agency_file", code=code),
    }
    return render(request, "reports/index766_agency.html", context)


def _measure_of(index: index766.Index, code: str) -> str:
    for group in index.scheme.definition["groups"]:
        for ind in group["indicators"]:
            if ind["code"] == code:
                return ind["measure"]
    return ""


# --- TT 01/2018 ---------------------------------------------------------------------------------


class EvaluationPeriodForm(PeriodForm):
    kinds = ("quarter", "year", "month")
    default_kind = "quarter"


@require_GET
@official_required(roles=EVALUATORS)
@scored
def evaluation(request, fmt: str | None = None):
    scope = services.scope_for(request.user)
    form = EvaluationPeriodForm(request.GET or None)
    period = form.period()
    result = tt01.evaluate(period, scope_ids=scope)
    report = tables.evaluation_report(result, agency=_letterhead_agency(request))
    if fmt:
        return _file(report, fmt)
    context = {
        "form": form,
        "result": result,
        "report": report,
        "exports": _export_links(request, "reports:evaluation_file"),
    }
    return render(request, "reports/evaluation.html", context)


# --- public -------------------------------------------------------------------------------------


@require_GET
def public(request, fmt: str | None = None):
    """Year to date, per online service (TT 32/2017 Điều 11.3; TT 22/2019 PL3-8)."""
    period = Period.year_to_date()
    key = f"reports:public:{period.slug}:{translation.get_language()}"
    cached = cache.get(key)
    if cached is None:
        cached = tables.public_rows(period)
        cache.set(key, cached, PUBLIC_CACHE_SECONDS)
    rows, total = cached
    report = tables.public_report(rows, period, total)
    if fmt:
        return _file(report, fmt)
    shown = [r for r in rows if r.everything["received"]][:25]
    rates = [(f"{r.code} — {r.name}", r.everything["on_time_rate"]) for r in shown]
    context = {
        "period": period,
        "rows": rows,
        "total": total,
        "report": report,
        "exports": _export_links(request, "reports_public:statistics_file"),
        "chart": charts.bar_chart(
            "chart-public",
            _("Tỷ lệ giải quyết đúng hạn theo dịch vụ (%)"),
            _describe(rates, "%"),
            rates,
            unit="%",
            maximum=100,
        ),
        "chart_rows": rates,
        "figures": FIGURES,
    }
    return render(request, "reports/public.html", context)
