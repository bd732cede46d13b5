from datetime import date

import pytest

from motcua.worktime import core, notices


def build_vn_calendar(first_year: int = 2024, last_year: int = 2028, **kwargs) -> core.Calendar:
    """The province calendar as seeded, without a database (package + bundled notices)."""
    plan = notices.planned_days(first_year, last_year)
    return core.Calendar(
        first_day=date(first_year, 1, 1),
        last_day=date(last_year, 12, 31),
        schedules=[core.Schedule.office_hours()],
        days_off={d: e.name for d, e in plan.items() if e.kind in notices.DAY_OFF_KINDS},
        extra_working_days={
            d: e.like_weekday for d, e in plan.items() if e.kind == notices.EXTRA_WORKING_DAY
        },
        **kwargs,
    )


@pytest.fixture(scope="session")
def vn() -> core.Calendar:
    return build_vn_calendar()


@pytest.fixture
def seeded(db):
    """The province calendar and the days off of 2024–2028 in the database."""
    from motcua.worktime import services

    services.seed_holidays(2024, 2028)
    return services.calendar_for()
