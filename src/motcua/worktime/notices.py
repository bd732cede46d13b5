"""Holiday lists as data: the ``holidays`` package's plan and the Government's yearly notices.

Pure Python (no Django), so the benchmark and the tests can build a calendar without a database.
The package gives the statutory holidays (lunar Tết, Giỗ Tổ Hùng Vương…), compensatory days
and the swaps it knows; the Government fixes the Tết days and any swaps each year, so a notice
(JSON or CSV, see ``parse_notice``) corrects the package where they differ. The notices bundled
in ``data/notices/`` are the corrections found when the package was last checked.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources

import holidays

from .core import WorktimeError, _, _fold

# Day kinds, shared with the models' choices.
PUBLIC_HOLIDAY = "public_holiday"
COMPENSATORY = "compensatory"
SWAPPED_DAY_OFF = "swapped_day_off"
OTHER_DAY_OFF = "other"
DAY_OFF_KINDS = (PUBLIC_HOLIDAY, COMPENSATORY, SWAPPED_DAY_OFF, OTHER_DAY_OFF)
EXTRA_WORKING_DAY = "extra_working_day"
# "A normal working day": an entry that cancels an earlier day off or extra working day.
NORMAL_DAY = "normal"
ALL_KINDS = (*DAY_OFF_KINDS, EXTRA_WORKING_DAY, NORMAL_DAY)

_KIND_WORDS = {
    **{kind: kind for kind in ALL_KINDS},
    "nghi le": PUBLIC_HOLIDAY,
    "le": PUBLIC_HOLIDAY,
    "nghi le tet": PUBLIC_HOLIDAY,
    "nghi bu": COMPENSATORY,
    "nghi hoan doi": SWAPPED_DAY_OFF,
    "hoan doi": SWAPPED_DAY_OFF,
    "nghi khac": OTHER_DAY_OFF,
    "khac": OTHER_DAY_OFF,
    "lam bu": EXTRA_WORKING_DAY,
    "lam viec bu": EXTRA_WORKING_DAY,
    "ngay lam viec bu": EXTRA_WORKING_DAY,
    "di lam binh thuong": NORMAL_DAY,
    "lam viec binh thuong": NORMAL_DAY,
}

PACKAGE_SOURCE = f"holidays {holidays.__version__}"


@dataclass(frozen=True)
class DayEntry:
    date: date
    kind: str
    name: str
    # For an extra working day: the weekday whose office sessions apply (0 = Monday).
    like_weekday: int = 0


@dataclass(frozen=True)
class Notice:
    """One yearly notice (or a part of it): the days it fixes and where it comes from."""

    reference: str
    days: tuple[DayEntry, ...]
    year: int | None = None
    confirmed: bool = False
    note: str = ""

    def amended(self, *, reference: str = "", year: int | None = None) -> Notice:
        """This notice under ``reference`` and/or confirming ``year`` (typed in a form or CLI)."""
        changes: dict = {"reference": reference} if reference else {}
        if year:
            changes.update(year=year, confirmed=True)
        return dataclasses.replace(self, **changes)


def _error(template: str, code: str, **params) -> WorktimeError:
    return WorktimeError(template, code=code, **params)


def _parse_date(value: object, where: str) -> date:
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise _error(
        _("%(where)s: ngày “%(value)s” không hợp lệ; viết như 2026-01-02 hoặc 02/01/2026."),
        "invalid_date",
        where=where,
        value=text,
    )


def _parse_entry(row: dict, where: str) -> DayEntry:
    day = _parse_date(row.get("date"), where)
    kind = _KIND_WORDS.get(_fold(str(row.get("kind") or "")))
    if kind is None:
        raise _error(
            _(
                "%(where)s: loại ngày “%(value)s” không hợp lệ; dùng nghỉ lễ, nghỉ bù, "
                "nghỉ hoán đổi, nghỉ khác, làm bù hoặc đi làm bình thường."
            ),
            "invalid_kind",
            where=where,
            value=row.get("kind") or "",
        )
    name = " ".join(str(row.get("name") or "").split())
    if not name and kind != NORMAL_DAY:
        raise _error(
            _("%(where)s: thiếu tên ngày nghỉ hoặc ngày làm bù."), "missing_name", where=where
        )
    like = row.get("like_weekday")
    if like in (None, ""):
        like_weekday = 0
    else:
        try:
            like_weekday = int(like)
        except (TypeError, ValueError):
            like_weekday = -1
        if not 0 <= like_weekday <= 6:
            raise _error(
                _("%(where)s: “làm việc như thứ” phải từ 0 (Thứ Hai) đến 6 (Chủ nhật)."),
                "invalid_weekday",
                where=where,
            )
    return DayEntry(date=day, kind=kind, name=name, like_weekday=like_weekday)


def _check_unique(days: Iterable[DayEntry]) -> tuple[DayEntry, ...]:
    seen: set[date] = set()
    result = []
    for entry in days:
        if entry.date in seen:
            raise _error(
                _("Ngày %(day)s xuất hiện nhiều lần trong thông báo."),
                "duplicate_day",
                day=entry.date.strftime("%d/%m/%Y"),
            )
        seen.add(entry.date)
        result.append(entry)
    return tuple(sorted(result, key=lambda e: e.date))


def parse_notice(content: str | bytes, *, filename: str = "", reference: str = "") -> Notice:
    """Read a notice from JSON or CSV text.

    JSON: ``{"reference": "TB 9441/TB-BNV ngày 16/10/2025", "year": 2026, "confirmed": true,
    "note": "…", "days": [{"date": "2026-01-02", "kind": "swapped_day_off", "name": "…"},
    {"date": "2026-01-10", "kind": "extra_working_day", "name": "…", "like_weekday": 4}]}``.

    CSV: a header ``date,kind,name[,like_weekday]`` then one row per day; dates as 2026-01-02 or
    02/01/2026; kinds as the codes above or in Vietnamese ("nghỉ lễ", "nghỉ bù",
    "nghỉ hoán đổi", "nghỉ khác", "làm bù", "đi làm bình thường"). ``reference`` names the notice.
    """
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _error(_("Tệp thông báo phải được mã hóa UTF-8."), "encoding") from None
    text = content.strip()
    if filename.lower().endswith(".json") or text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _error(
                _("Tệp JSON không hợp lệ (dòng %(line)s): %(msg)s."),
                "invalid_json",
                line=exc.lineno,
                msg=exc.msg,
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("days"), list):
            raise _error(_("Tệp JSON phải có danh sách “days”."), "invalid_json_shape")
        days = [
            _parse_entry(row if isinstance(row, dict) else {}, f"Mục {i}")
            for i, row in enumerate(data["days"], start=1)
        ]
        year = data.get("year")
        if year is not None and not (isinstance(year, int) and 1975 <= year <= 2100):
            raise _error(_("Năm “%(value)s” không hợp lệ."), "invalid_year", value=year)
        return Notice(
            reference=str(data.get("reference") or reference).strip(),
            days=_check_unique(days),
            year=year,
            confirmed=bool(data.get("confirmed", False)),
            note=str(data.get("note") or "").strip(),
        )
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"date", "kind"} <= {f.strip() for f in reader.fieldnames}:
        raise _error(
            _("Tệp CSV phải có dòng tiêu đề “date,kind,name” (và tùy chọn “like_weekday”)."),
            "invalid_csv_header",
        )
    days = [
        _parse_entry({k.strip(): v for k, v in row.items() if k}, f"Dòng {i}")
        for i, row in enumerate(reader, start=2)
    ]
    return Notice(reference=reference.strip(), days=_check_unique(days))


def bundled_notices() -> list[Notice]:
    """The notices shipped with the code (``data/notices/*.json``), oldest first."""
    folder = resources.files("motcua.worktime") / "data" / "notices"
    return [
        parse_notice(item.read_text(encoding="utf-8"), filename=item.name)
        for item in sorted(folder.iterdir(), key=lambda item: item.name)
        if item.name.endswith(".json")
    ]


_SUBSTITUTED = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


def package_days(first_year: int, last_year: int) -> list[DayEntry]:
    """Days off and make-up working days of Vietnam per the ``holidays`` package."""
    calendar = holidays.country_holidays(
        "VN", years=range(first_year, last_year + 1), language="vi"
    )
    entries = []
    swaps: dict[date, date] = {}
    for day, name in sorted(calendar.items()):
        if "nghỉ bù" in name:
            kind = COMPENSATORY
        elif match := _SUBSTITUTED.search(name):
            kind = SWAPPED_DAY_OFF
            d, m, y = (int(g) for g in match.groups())
            swaps[date(y, m, d)] = day
        else:
            kind = PUBLIC_HOLIDAY
        entries.append(DayEntry(date=day, kind=kind, name=name))
    for day in sorted(calendar.weekend_workdays):
        if first_year <= day.year <= last_year:
            off = swaps.get(day)
            name = (
                _("Làm việc bù cho ngày nghỉ %(day)s") % {"day": off.strftime("%d/%m/%Y")}
                if off
                else _("Ngày làm việc bù")
            )
            entries.append(
                DayEntry(
                    date=day,
                    kind=EXTRA_WORKING_DAY,
                    name=name,
                    like_weekday=off.weekday() if off else 0,
                )
            )
    return sorted(entries, key=lambda e: e.date)


def planned_days(first_year: int, last_year: int) -> dict[date, DayEntry]:
    """The package's days corrected by the bundled notices, one entry per date."""
    plan = {entry.date: entry for entry in package_days(first_year, last_year)}
    for notice in bundled_notices():
        for entry in notice.days:
            if first_year <= entry.date.year <= last_year:
                if entry.kind == NORMAL_DAY:
                    plan.pop(entry.date, None)
                else:
                    plan[entry.date] = entry
    return dict(sorted(plan.items()))
