"""Each report built once as an ``exports.Report``: the HTML page, XLSX, PDF and JSON all write
out the same sheets. ``link(figure, group_by, key)`` gives the URL of the dossiers behind a
cell (``None`` in files)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import index766, services, tt01
from .exports import Col, Report, Sheet
from .services import FIGURES, GROUPS, TABLE_FIGURES, Figures, Table

Link = Callable[[str, str, object], str | None]


def _no_link(_figure, _group_by, _key) -> None:
    return None


@dataclass
class LinkedSheet:
    """A sheet and, cell by cell, the URL of the dossiers behind it."""

    sheet: Sheet
    links: list[list[str | None]]
    total_links: list[str | None] | None


KINDS = {"avg_processing_days": "number", "on_time_rate": "percent"}
WIDTHS = {"avg_processing_days": 6, "on_time_rate": 6}


def statistics_report(
    table: Table, *, title: str, subtitle: str, agency=None, link: Link = _no_link
) -> tuple[Report, LinkedSheet]:
    group_label = str(GROUPS[table.group_by])
    columns = [Col(group_label, 14, key="group")] + [
        Col(str(FIGURES[f]), WIDTHS.get(f, 5), KINDS.get(f, "int"), key=f) for f in TABLE_FIGURES
    ]
    rows, links = [], []
    for row in table.rows:
        rows.append([row.label, *(row.figures[f] for f in TABLE_FIGURES)])
        links.append([None, *(_cell_link(link, f, table.group_by, row.key) for f in TABLE_FIGURES)])
    total = [_("Tổng cộng"), *(table.total[f] for f in TABLE_FIGURES)]
    total_links = [None, *(_cell_link(link, f, "", None) for f in TABLE_FIGURES)]
    sheet = Sheet(_("Tình hình giải quyết hồ sơ"), columns, rows, total)
    notes = [
        _(
            "Tỷ lệ đúng hạn theo QĐ 766/QĐ-TTg: (trước hạn + đúng hạn + đang giải quyết trong "
            "hạn) / (kỳ trước chuyển sang + tiếp nhận trong kỳ); thời gian người nộp bổ sung hồ "
            "sơ không tính vào thời hạn; yêu cầu bổ sung lần thứ hai trở đi tính là quá hạn."
        )
    ]
    report = Report(title, subtitle, f"thong-ke-{table.period.slug}", agency, [sheet], notes=notes)
    return report, LinkedSheet(sheet, links, total_links)


def _cell_link(link: Link, figure: str, group_by: str, key) -> str | None:
    if figure == "on_time_rate":
        figure = "processed_on_time"
    return link(figure, group_by, key)


def index_report(index: index766.Index, *, agency=None) -> Report:
    """The province and every agency: points per group and in total."""
    groups = index.province.groups
    columns = [Col(_("Cơ quan"), 28, key="agency")]
    columns += [Col(f"{g.name} ({g.max_points})", 10, "points", key=g.code) for g in groups]
    columns += [Col(_("Tổng điểm (100)"), 12, "points", key="total")]
    rows = [_score_row(score) for score in index.agencies]
    sheets = [Sheet(_("Điểm theo cơ quan"), columns, rows, _score_row(index.province))]
    sheets.append(indicators_sheet(index.province, _("Chi tiết chỉ số của tỉnh")))
    return Report(
        _("Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg)"),
        f"{index.period.label} — {index.scheme.name}",
        f"chi-so-766-{index.period.slug}",
        agency,
        sheets,
        notes=[index.scheme.source],
    )


def _score_row(score: index766.Score) -> list:
    name = score.agency.name if score.agency else _("Toàn tỉnh")
    return [name, *(g.points for g in score.groups), score.points]


def indicators_sheet(score: index766.Score, title: str) -> Sheet:
    columns = [
        Col(_("Nhóm"), 14, key="group"),
        Col(_("Chỉ số"), 30, key="indicator"),
        Col(_("Tử số"), 9, "int", key="numerator"),
        Col(_("Mẫu số"), 9, "int", key="denominator"),
        Col(_("Tỷ lệ (%)"), 9, "percent", key="percent"),
        Col(_("Điểm"), 8, "points", key="points"),
        Col(_("Điểm tối đa"), 8, "points", key="max_points"),
        Col(_("Ghi chú"), 13, key="note"),
    ]
    rows = []
    for group in score.groups:
        for ind in group.indicators:
            measured = ind.measured
            rows.append(
                [
                    group.name,
                    ind.name,
                    measured.numerator if measured else None,
                    measured.denominator if measured else None,
                    ind.percent,
                    ind.points,
                    ind.max_points,
                    indicator_note(ind),
                ]
            )
    return Sheet(
        title, columns, rows, [_("Tổng"), "", None, None, None, score.points, score.max_points, ""]
    )


def indicator_note(ind: index766.Indicator) -> str:
    if ind.status == "no_data":
        return _("Chưa có dữ liệu")
    if ind.status == "empty":
        return _("Không phát sinh trong kỳ")
    return ""


def agency_index_report(index: index766.Index, score: index766.Score) -> Report:
    return Report(
        _("Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg)"),
        f"{score.agency.name} — {index.period.label}",
        f"chi-so-766-{score.agency.code}-{index.period.slug}",
        score.agency,
        [indicators_sheet(score, _("Chi tiết chỉ số"))],
        notes=[index.scheme.source],
    )


def evaluation_report(result: tt01.Result, *, agency=None) -> Report:
    names = result.index_names
    rules = result.scheme.definition
    staff_cols = [Col(_("Cán bộ"), 20, key="staff"), Col(_("Số hồ sơ"), 7, "int", key="dossiers")]
    staff_cols += [
        Col(f"{i}. {names[i]}", 9, "number", key=f"i{i}") for i in rules["staff_indices"]
    ]
    staff_cols += [
        Col(_("Tổng điểm"), 7, "number", key="total"),
        Col(_("Xếp loại"), 14, key="grade"),
    ]
    staff_rows = [
        [
            str(e.subject),
            e.dossiers,
            *(e.indices.get(i) for i in rules["staff_indices"]),
            e.total,
            e.grade,
        ]
        for e in result.staff
    ]
    unit_cols = [Col(_("Cơ quan"), 16, key="agency"), Col(_("Số hồ sơ"), 5, "int", key="dossiers")]
    unit_cols += [Col(str(i), 6, "number", key=f"i{i}") for i in rules["unit_indices"]]
    unit_cols += [Col(_("Tổng điểm"), 6, "number", key="total"), Col(_("Xếp loại"), 9, key="grade")]
    unit_rows = [
        [
            e.subject.name,
            e.dossiers,
            *(e.indices.get(i) for i in rules["unit_indices"]),
            e.total,
            e.grade,
        ]
        for e in result.agencies
    ]
    legend = "; ".join(f"{i}. {names[i]}" for i in rules["unit_indices"])
    return Report(
        _("Đánh giá việc giải quyết thủ tục hành chính (TT 01/2018/TT-VPCP)"),
        result.period.label,
        f"danh-gia-tt01-{result.period.slug}",
        agency,
        [
            Sheet(_("Cán bộ, công chức"), staff_cols, staff_rows),
            Sheet(_("Cơ quan, đơn vị"), unit_cols, unit_rows),
        ],
        notes=[_("Chỉ số: %(legend)s.") % {"legend": legend}],
    )


@dataclass
class PublicRow:
    procedure_id: int
    code: str
    name: str
    online: Figures
    everything: Figures

    @property
    def satisfied_percent(self) -> float | None:
        rated = self.everything["rated"]
        if not rated:
            return None
        happy = self.everything["very_satisfied"] + self.everything["satisfied"]
        return round(100 * happy / rated, 1)


def public_report(rows: list[PublicRow], period, total: PublicRow) -> Report:
    columns = [
        Col(_("Dịch vụ công trực tuyến"), 34, key="service"),
        Col(_("Tiếp nhận trực tuyến"), 9, "int", key="received_online"),
        Col(_("Đã giải quyết (trực tuyến)"), 9, "int", key="resolved_online"),
        Col(_("Tỷ lệ đúng hạn (%)"), 9, "percent", key="on_time_rate"),
        Col(_("Tổng số tiếp nhận (trực tuyến và trực tiếp)"), 11, "int", key="received_total"),
        Col(_("Lượt đánh giá"), 8, "int", key="ratings"),
        Col(_("Hài lòng (%)"), 8, "percent", key="satisfied_percent"),
    ]

    def line(row: PublicRow, label: str) -> list:
        return [
            label,
            row.online["received"],
            row.online["ended"],
            row.everything["on_time_rate"],
            row.everything["received"],
            row.everything["rated"],
            row.satisfied_percent,
        ]

    return Report(
        _("Thống kê kết quả giải quyết hồ sơ dịch vụ công trực tuyến"),
        _("Từ đầu năm đến ngày %(day)s") % {"day": period.last_day.strftime("%d/%m/%Y")},
        f"thong-ke-cong-khai-{period.slug}",
        None,
        [
            Sheet(
                _("Theo từng dịch vụ"),
                columns,
                [line(r, f"{r.code} — {r.name}") for r in rows],
                line(total, _("Tổng cộng")),
            )
        ],
        notes=[
            _(
                "Tỷ lệ đúng hạn tính theo QĐ 766/QĐ-TTg trên mọi hồ sơ của dịch vụ; hài lòng = "
                "“Rất hài lòng” và “Hài lòng” trên tổng lượt đánh giá (thang 3 mức, TT 32/2017)."
            )
        ],
    )


def public_rows(period) -> tuple[list[PublicRow], PublicRow]:
    """Per procedure offered online (partly or fully), year to date, all channels and online."""
    from motcua.catalog.models import Procedure

    catalogue = index766.catalogue_in_force(period.last_day)
    online_ids = {pk for pk, row in catalogue.items() if row["online"]}
    cells = services.grouped(period, services.Filters(), ["procedure_id", "channel"])
    per: dict[int, tuple[Figures, Figures]] = {}
    for (procedure, channel), fig in cells.items():
        if procedure not in online_ids:
            continue
        online, everything = per.setdefault(procedure, (Figures(), Figures()))
        everything.add(fig)
        if channel in services.ONLINE:
            online.add(fig)
    names = Procedure.objects.in_bulk(list(online_ids))
    rows = []
    total = PublicRow(0, "", _("Tổng cộng"), Figures(), Figures())
    for pk in sorted(online_ids, key=lambda p: names[p].national_code):
        online, everything = per.get(pk, (Figures(), Figures()))
        total.online.add(online)
        total.everything.add(everything)
        rows.append(
            PublicRow(
                pk, names[pk].national_code, names[pk].name, online.finish(), everything.finish()
            )
        )
    total.online.finish()
    total.everything.finish()
    return rows, total
