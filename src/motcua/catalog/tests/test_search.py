import datetime as dt

import pytest

from motcua.catalog.models import AgencyLevel, OnlineLevel, ProcedureVersion
from motcua.catalog.search import public_version, search_procedures
from motcua.catalog.tests.factories import (
    AgencyFactory,
    FieldFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    PublishedVersionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)


def codes(**kwargs) -> list[str]:
    kwargs.setdefault("on", TODAY)
    query = kwargs.pop("query", "")
    return [p.national_code for p in search_procedures(query, **kwargs)]


@pytest.fixture
def catalogue():
    construction = FieldFactory(code="G01-XD01", name="Hoạt động xây dựng", name_en="Construction")
    civil = FieldFactory(code="G15-TP07", name="Hộ tịch", name_en="Civil status")
    department = AgencyFactory(code="000.00.07.H48", name="Sở Xây dựng")
    commune = AgencyFactory(
        code="000.00.104.H48",
        name="Ủy ban nhân dân phường Cẩm Thành",
        kind="peoples_committee",
        level="commune",
    )
    permit = PublishedVersionFactory(
        procedure__national_code="1.009994",
        procedure__name="Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt",
        procedure__name_en="New construction permit for special-grade works",
        procedure__field=construction,
        procedure__agencies=[department],
        online_level=OnlineLevel.FULL,
    ).procedure
    birth = PublishedVersionFactory(
        procedure__national_code="1.001193",
        procedure__name="Thủ tục đăng ký khai sinh",
        procedure__field=civil,
        procedure__agency_level=AgencyLevel.COMMUNE,
        procedure__agencies=[commune],
    ).procedure
    late_birth = PublishedVersionFactory(
        procedure__national_code="1.004884",
        procedure__name="Đăng ký lại khai sinh",
        procedure__field=civil,
        procedure__agency_level=AgencyLevel.COMMUNE,
        procedure__agencies=[commune],
        online_level=OnlineLevel.INFORMATION,
    ).procedure
    return {"permit": permit, "birth": birth, "late_birth": late_birth}


@pytest.mark.criterion("PL3-10")
def test_search_ignores_diacritics_and_case(catalogue):
    assert codes(query="giay phep xay dung") == ["1.009994"]
    assert codes(query="GIẤY PHÉP XÂY DỰNG") == ["1.009994"]
    assert codes(query="Dang Ky") == ["1.004884", "1.001193"]
    assert codes(query="đăng ký") == codes(query="dang ky")


def test_every_term_must_match_in_any_order(catalogue):
    assert codes(query="xay dung giay phep") == ["1.009994"]
    assert codes(query="khai sinh lai") == ["1.004884"]
    assert codes(query="giay phep khai sinh") == []


def test_national_code_is_searchable_and_an_exact_code_ranks_first(catalogue):
    assert codes(query="1.001193") == ["1.001193"]
    assert codes(query="001193") == ["1.001193"]


def test_whole_phrase_at_a_word_start_ranks_before_scattered_terms(catalogue):
    PublishedVersionFactory(
        procedure__national_code="2.000001",
        procedure__name="Cấp bản sao trích lục khai tử và sinh hoạt đăng ký",
    )
    # Only 1.001193 holds "dang ky khai sinh" as a phrase; the others hold the words apart and
    # follow by name ("cap ban sao…" before "dang ky lai…").
    assert codes(query="dang ky khai sinh") == ["1.001193", "2.000001", "1.004884"]


def test_english_names_are_searched(catalogue):
    assert codes(query="construction permit") == ["1.009994"]
    assert codes(query="PERMIT special") == ["1.009994"]


def test_no_query_lists_everything_in_force_by_name(catalogue):
    # Folded names: "cap giay…", "dang ky lai…", "thu tuc dang ky…".
    assert codes() == ["1.009994", "1.004884", "1.001193"]


def test_punctuation_and_wildcards_are_literal(catalogue):
    assert codes(query="%") == codes()
    assert codes(query="khai_sinh") == []
    assert codes(query="   ") == codes()


@pytest.mark.criterion("PL3-10")
def test_filters_by_field_agency_level_and_online_level(catalogue):
    civil = catalogue["birth"].field
    commune = catalogue["birth"].agencies.get()
    assert codes(field=civil) == ["1.004884", "1.001193"]
    assert codes(field="G01-XD01") == ["1.009994"]
    assert codes(agency=commune) == ["1.004884", "1.001193"]
    assert codes(agency="000.00.07.H48") == ["1.009994"]
    assert codes(agency_level=AgencyLevel.PROVINCE) == ["1.009994"]
    assert codes(online_level=OnlineLevel.PARTIAL) == ["1.001193"]
    assert codes(query="khai sinh", online_level=OnlineLevel.INFORMATION) == ["1.004884"]
    assert codes(field=civil, agency_level=AgencyLevel.PROVINCE) == []


def test_unknown_filter_codes_find_nothing(catalogue):
    assert codes(field="X99-NONE") == []
    assert codes(agency="000.00.99.Z99") == []


def test_only_versions_in_force_count(catalogue):
    draft_only = ProcedureVersionFactory(procedure__name="Thủ tục dự thảo").procedure
    future = PublishedVersionFactory(
        procedure__name="Thủ tục sắp có hiệu lực", effective_from=dt.date(2026, 7, 1)
    ).procedure
    expired = PublishedVersionFactory(
        procedure__name="Thủ tục hết hiệu lực", effective_to=dt.date(2026, 1, 1)
    ).procedure
    retired = PublishedVersionFactory(
        procedure__name="Thủ tục đã bãi bỏ", status=ProcedureVersion.Status.RETIRED
    ).procedure
    undated = PublishedVersionFactory(
        procedure__name="Thủ tục không ghi ngày hiệu lực", effective_from=None
    ).procedure
    inactive = PublishedVersionFactory(
        procedure__name="Thủ tục ngừng áp dụng", procedure__is_active=False
    ).procedure

    found = set(codes(query="thu tuc"))
    assert undated.national_code in found
    for procedure in (draft_only, future, expired, retired, inactive):
        assert procedure.national_code not in found
    # The boundaries: effective_from is inclusive, effective_to exclusive.
    assert future.national_code in codes(query="sap co", on=dt.date(2026, 7, 1))
    assert expired.national_code in codes(query="het hieu luc", on=dt.date(2025, 12, 31))
    assert codes(query="het hieu luc", on=dt.date(2026, 1, 1)) == []


def test_the_newest_version_in_force_is_current(catalogue):
    permit = catalogue["permit"]
    first = permit.versions.get()
    first.effective_to = dt.date(2026, 5, 1)
    first.save()
    second = PublishedVersionFactory(
        procedure=permit, effective_from=dt.date(2026, 5, 1), online_level=OnlineLevel.PARTIAL
    )
    before = search_procedures("giay phep", on=dt.date(2026, 4, 30)).get()
    after = search_procedures("giay phep", on=dt.date(2026, 5, 1)).get()
    assert (before.current_version_id, before.current_online_level) == (first.pk, "full")
    assert (after.current_version_id, after.current_online_level) == (second.pk, "partial")
    assert codes(online_level="full", on=dt.date(2026, 5, 1)) == []
    assert public_version(permit, on=dt.date(2026, 4, 30)) == first
    assert public_version(permit, on=dt.date(2026, 5, 1)) == second


def test_overlapping_versions_prefer_the_latest_effective(catalogue):
    permit = catalogue["permit"]
    newer = PublishedVersionFactory(procedure=permit, effective_from=dt.date(2026, 1, 1))
    assert search_procedures("giay phep", on=TODAY).get().current_version_id == newer.pk


def test_search_is_one_query(catalogue, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(search_procedures("khai sinh", on=TODAY))
        assert [p.field.name for p in rows] == ["Hộ tịch", "Hộ tịch"]


def test_public_version_is_none_without_one():
    assert public_version(ProcedureFactory(), on=TODAY) is None


@pytest.mark.postgres_only
def test_postgresql_trigram_indexes_serve_the_term_filters(catalogue):
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        # Forbid the scans a tiny table would rather use, so the plan shows what can serve it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = search_procedures("giay phep").explain()
    assert "catalog_procedure_name_search_trgm" in plan
    assert "catalog_procedure_name_en_trgm" in plan
