"""The ``deadline``, ``seed_holidays`` and ``import_holidays`` commands."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.directory.models import Agency
from motcua.worktime.models import Calendar, Holiday, HolidayYear

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_deadline_prints_the_due_moment_and_the_skipped_days(seeded):
    out = run("deadline", "--from", "2027-02-03 16:10", "--limit", "5 working days")
    lines = out.splitlines()
    assert lines[0] == "2027-02-17T17:00:00+07:00"
    assert "Thứ Tư 17/02/2027 lúc 17:00" in lines[1]
    assert "bắt đầu tính từ 07:00 Thứ Năm 11/02/2027" in out
    assert "Thứ Bảy 06/02/2027 — Tết Nguyên Đán" in out
    assert "Chủ nhật 14/02/2027 — Nghỉ hằng tuần" in out


def test_deadline_as_json_without_cutoff(seeded):
    out = run(
        "deadline",
        "--from",
        "03/02/2027 16:10",
        "--limit",
        "5 ngày làm việc",
        "--json",
        "--no-cutoff",
    )
    data = json.loads(out)
    assert data["due"] == "2027-02-17T16:10:00+07:00"
    assert data["counted_from"] == "2027-02-03T16:10:00+07:00"
    assert [d["date"] for d in data["skipped"]][:2] == ["2027-02-04", "2027-02-05"]
    assert data["calendar"] == "Lịch làm việc chung của tỉnh"


def test_deadline_with_an_agency_calendar(seeded):
    agency = Agency.objects.create(
        code="000.00.20.H48",
        name="Sở Nội vụ",
        kind=Agency.Kind.DEPARTMENT,
        level=Agency.Level.PROVINCE,
    )
    Calendar.objects.create(name="Lịch Sở Nội vụ", agency=agency, reception_cutoff=None)
    out = run(
        "deadline",
        "--from",
        "2026-03-02T16:10:00+07:00",
        "--limit",
        "1 ngày làm việc",
        "--agency",
        "000.00.20.H48",
    )
    assert out.splitlines()[0] == "2026-03-03T16:10:00+07:00"
    assert "Lịch Sở Nội vụ" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "hôm qua", "--limit", "1 ngày"], "Không đọc được thời điểm"),
        (["--from", "2026-03-02 09:00", "--limit", "-1 ngày"], "không được là số âm"),
        (["--from", "2026-03-02 09:00", "--limit", "3 tuần"], "“tuần” không hợp lệ"),
        (["--from", "2040-03-02 09:00", "--limit", "1 ngày"], "ngoài phạm vi lịch"),
        (
            ["--from", "2026-03-02 09:00", "--limit", "1 ngày", "--agency", "X99"],
            "Không có cơ quan",
        ),
    ],
)
def test_deadline_errors_are_clear(seeded, args, message):
    with pytest.raises(CommandError, match=message):
        run("deadline", *args)


def test_seed_holidays_command(db):
    out = run("seed_holidays", "--from", "2025", "--to", "2026", "--cutoff", "none")
    assert "Đã tạo lịch làm việc của tỉnh." in out
    assert "thêm 2 năm" in out
    assert Calendar.objects.get().reception_cutoff is None
    assert "thêm 0 năm, 0 ngày" in run("seed_holidays", "--from", "2025", "--to", "2026")
    with pytest.raises(CommandError, match="Không đọc được giờ"):
        run("seed_holidays", "--cutoff", "ba giờ")


def test_import_holidays_command(seeded, tmp_path):
    notice = tmp_path / "2027.csv"
    notice.write_text("date,kind,name\n2027-02-11,nghỉ hoán đổi,Nghỉ Tết\n", encoding="utf-8")
    out = run("import_holidays", str(notice), "--reference", "TB 77/TB-BNV", "--year", "2027")
    assert "1 dòng mới" in out
    assert Holiday.objects.get(date="2027-02-11").notice == "TB 77/TB-BNV"
    assert HolidayYear.objects.get(year=2027).confirmed
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        run("import_holidays", str(tmp_path / "none.csv"))
    notice.write_text("date,kind,name\n2027-02-11,nghỉ phép,X\n", encoding="utf-8")
    with pytest.raises(CommandError, match="không hợp lệ"):
        run("import_holidays", str(notice), "--reference", "TB 78/TB-BNV")


def test_seed_refuses_overlapping_sessions(db):
    with pytest.raises(CommandError, match="chồng lên nhau"):
        run("seed_holidays", "--sessions", "07:00-12:00,11:00-17:00")
    assert not Calendar.objects.exists()
