import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from motcua.directory.models import Agency
from motcua.dossiers.codes import allocate_code, next_sequence
from motcua.dossiers.rules import rules_for

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def desk(db):
    return Agency.objects.create(
        code="000.00.01.H48", name="Trung tâm PVHCC", kind="service_centre", level="province"
    )


@pytest.mark.criterion("PL2-2.2")
def test_codes_are_consecutive_per_desk_and_local_day(desk):
    # 23:30 UTC on 30/6 is already 1/7 in Asia/Ho_Chi_Minh: the code carries the local date.
    moment = dt.datetime(2025, 6, 30, 23, 30, tzinfo=dt.UTC)
    rules = rules_for(moment)
    with transaction.atomic():
        codes = [allocate_code(agency=desk, moment=moment, rule_version=rules) for _ in range(3)]
    assert codes == [
        "000.00.01.H48-250701-0001",
        "000.00.01.H48-250701-0002",
        "000.00.01.H48-250701-0003",
    ]
    with transaction.atomic():
        next_day = allocate_code(
            agency=desk, moment=moment + dt.timedelta(days=1), rule_version=rules
        )
    assert next_day == "000.00.01.H48-250702-0001"


@pytest.mark.criterion("PL2-2.2")
def test_past_9999_the_sequence_widens_to_five_digits(desk):
    from motcua.dossiers.models import DossierCodeCounter

    day = dt.date(2026, 3, 2)
    DossierCodeCounter.objects.create(agency=desk, day=day, last_value=9998)
    moment = dt.datetime(2026, 3, 2, 9, tzinfo=HCM)
    rules = rules_for(moment)
    with transaction.atomic():
        codes = [allocate_code(agency=desk, moment=moment, rule_version=rules) for _ in range(2)]
    assert codes == ["000.00.01.H48-260302-9999", "000.00.01.H48-260302-10000"]


def test_a_rolled_back_reception_gives_its_number_back(desk):
    day = dt.date(2026, 3, 3)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_sequence(desk.pk, day) == 1
        raise RuntimeError
    with transaction.atomic():
        assert next_sequence(desk.pk, day) == 1


@pytest.mark.django_db(transaction=True)
def test_allocation_needs_the_callers_transaction():
    desk = Agency.objects.create(
        code="000.00.02.H48", name="Trung tâm", kind="service_centre", level="province"
    )
    with pytest.raises(RuntimeError):
        next_sequence(desk.pk, dt.date(2026, 1, 5))


@pytest.mark.postgres_only
@pytest.mark.criterion("PL2-2.2")
@pytest.mark.django_db(transaction=True)
def test_sixteen_concurrent_allocations_are_distinct_and_consecutive():
    desk = Agency.objects.create(
        code="000.00.03.H48", name="Trung tâm", kind="service_centre", level="province"
    )
    day = dt.date(2026, 3, 4)
    barrier = threading.Barrier(16)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            with transaction.atomic():
                results.append(next_sequence(desk.pk, day))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == list(range(1, 17))
