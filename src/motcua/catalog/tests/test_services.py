"""Version lifecycle: drafts, deep copies, publishing, retiring; frozen published versions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from motcua.catalog import services, transfer
from motcua.catalog.models import (
    Case,
    ComponentRequirement,
    Fee,
    FrozenVersionError,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    ResultType,
)
from motcua.core.models import AuditEntry

from .conftest import row_counts

pytestmark = pytest.mark.django_db
Status = ProcedureVersion.Status


@pytest.fixture
def published(payload) -> ProcedureVersion:
    transfer.import_catalogue(payload)
    return ProcedureVersion.objects.get()


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def test_create_draft_numbers_after_the_last_version(published):
    draft = services.create_draft(published.procedure, decision_number="1/QĐ-UBND")
    assert (draft.number, draft.status, draft.decision_number) == (2, Status.DRAFT, "1/QĐ-UBND")
    assert AuditEntry.objects.filter(action="catalog.version.drafted").count() == 1


@pytest.mark.criterion("PL2-1.2", "PL2-1.3", "PL2-1.4")
def test_new_draft_from_a_version_copies_every_row(published):
    draft = services.new_draft_from(published)

    assert (draft.number, draft.status) == (2, Status.DRAFT)
    assert draft.effective_from is None and draft.published_at is None
    assert draft.form_schema == published.form_schema
    old, new = transfer._version_payload(published), transfer._version_payload(draft)
    for key in ("number", "status", "effective_from"):
        old.pop(key), new.pop(key)
    assert new == old
    # Case-bound rows point at the copy's cases, not the original's.
    late = draft.cases.get(code="1.001193.02")
    assert draft.components.get(case__isnull=False).case == late
    assert draft.fees.get(case__isnull=False).case == late
    assert published.cases.count() == 2 and Case.objects.count() == 4
    assert AuditEntry.objects.filter(action="catalog.version.copied").count() == 1


@pytest.mark.criterion("PL2-1.3")
def test_publishing_ends_the_version_it_replaces_on_its_first_day(published):
    draft = services.new_draft_from(published)
    draft.decision_number = "2/QĐ-UBND"
    draft.save()

    services.publish(draft, effective_from=days(0))

    published.refresh_from_db()
    draft.refresh_from_db()
    assert (draft.status, draft.effective_from) == (Status.PUBLISHED, days(0))
    assert draft.published_at is not None
    assert (published.status, published.effective_to) == (Status.RETIRED, days(0))
    assert services.version_in_force(published.procedure, days(-1)) == published
    assert services.version_in_force(published.procedure, days(0)) == draft
    assert services.version_in_force(published.procedure, dt.date(2020, 1, 1)) is None
    assert AuditEntry.objects.filter(action="catalog.version.published").count() == 2


def test_a_version_published_for_later_leaves_the_current_one_in_force_until_then(published):
    draft = services.new_draft_from(published)
    services.publish(draft, effective_from=days(30))
    published.refresh_from_db()
    assert (published.status, published.effective_to) == (Status.PUBLISHED, days(30))
    assert services.version_in_force(published.procedure) == published
    assert services.version_in_force(published.procedure, days(30)).pk == draft.pk


def test_drafts_are_never_in_force(published):
    services.new_draft_from(published)
    assert services.version_in_force(published.procedure, days(0)) == published


@pytest.mark.criterion("PL2-1.3")
@pytest.mark.parametrize(
    "change, message",
    [
        (lambda v: v.cases.all().delete(), "ít nhất một trường hợp"),
        (
            lambda v: ProcedureVersion.objects.filter(pk=v.pk).update(channels=[]),
            "Phải có ít nhất một giá trị: counter, post, online",
        ),
        (
            lambda v: ProcedureVersion.objects.filter(pk=v.pk).update(target_groups=["alien"]),
            "Chỉ nhận các giá trị: citizen",
        ),
        (
            lambda v: v.process_steps.filter(order=2).delete(),
            "đánh số liên tục từ 1 đến 2, không trùng, không bỏ số (đang có: 1, 3)",
        ),
        (
            lambda v: v.process_steps.filter(order=3).update(order=2),
            "(đang có: 1, 2, 2)",
        ),
        (lambda v: v.process_steps.filter(order=1).update(role="janitor"), "Vai trò “janitor”"),
        (
            lambda v: v.process_steps.filter(order=1).update(allowed_actions=["fly"]),
            "Thao tác không hợp lệ: fly",
        ),
        (
            lambda v: v.process_steps.filter(order=2).update(time_budget_hours=Decimal(40)),
            "Tổng thời gian các bước xử lý (43 giờ làm việc) vượt thời hạn giải quyết",
        ),
        (
            lambda v: v.cases.filter(code="1.001193.02").update(time_unit="working_hours"),
            "(7.5 giờ làm việc) vượt thời hạn giải quyết của trường hợp (5 giờ làm việc)",
        ),
    ],
)
def test_a_draft_that_cannot_be_processed_is_not_published(published, change, message):
    draft = services.new_draft_from(published)
    change(draft)
    before = row_counts()
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        services.publish(draft, effective_from=days(1))
    assert row_counts() == before
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_case_specific_process_replaces_the_general_one_for_its_case(published):
    draft = services.new_draft_from(published)
    late = draft.cases.get(code="1.001193.02")
    for order in (1, 2):
        ProcessStep.objects.create(
            version=draft,
            case=late,
            order=order,
            name="Xác minh",
            role="specialist",
            time_budget_hours=Decimal(20),
        )
    services.publish(draft, effective_from=days(1))  # 40 h fit the 5 days of the late case
    assert services.steps_of_case(list(draft.process_steps.all()), late)[0].case == late


def test_publishing_must_move_forward_in_time(published):
    draft = services.new_draft_from(published)
    with pytest.raises(ValidationError, match="phải sau ngày có hiệu lực \\(01/07/2025\\)"):
        services.publish(draft, effective_from=dt.date(2025, 6, 1))
    with pytest.raises(ValidationError, match="Chỉ sửa được phiên bản dự thảo"):
        services.publish(published)


def test_retire_ends_a_published_version(published):
    with pytest.raises(ValidationError, match="phải sau ngày có hiệu lực"):
        services.retire(published, on=dt.date(2025, 7, 1))
    services.retire(published, on=days(10))
    published.refresh_from_db()
    assert (published.status, published.effective_to) == (Status.PUBLISHED, days(10))
    services.retire(published)
    published.refresh_from_db()
    assert (published.status, published.effective_to) == (Status.RETIRED, days(0))
    assert services.version_in_force(published.procedure) is None
    with pytest.raises(ValidationError, match="Chỉ cho hết hiệu lực phiên bản đang công bố"):
        services.retire(published)
    assert AuditEntry.objects.filter(action="catalog.version.retired").count() == 2


# --- the models refuse to change a frozen version -------------------------------------------


@pytest.mark.parametrize(
    "edit",
    [
        lambda v: setattr(v, "legal_basis", "Luật mới") or v.save(),
        lambda v: setattr(v, "status", Status.DRAFT) or v.save(update_fields=["status"]),
        lambda v: v.delete(),
        lambda v: v.procedure.delete(),
        lambda v: Procedure.objects.all().delete(),
        lambda v: Case.objects.create(version=v, name="Trường hợp mới"),
        lambda v: (lambda c: setattr(c, "time_limit", 9) or c.save())(v.cases.first()),
        lambda v: v.cases.first().delete(),
        lambda v: v.components.all().delete(),
        lambda v: (lambda f: setattr(f, "amount", 1) or f.save())(v.fees.first()),
        lambda v: ResultType.objects.create(version=v, name="Bản sao"),
        lambda v: v.process_steps.first().delete(),
        lambda v: (lambda c: setattr(c, "version", v) or c.save())(
            ComponentRequirement.objects.create(
                version=services.create_draft(v.procedure), name="Đơn"
            )
        ),
    ],
)
def test_a_published_version_and_its_rows_cannot_be_changed(published, edit):
    before = transfer._version_payload(published)
    with pytest.raises(FrozenVersionError, match="không được sửa, thêm hay xóa"):
        edit(published)
    assert transfer._version_payload(ProcedureVersion.objects.get(pk=published.pk)) == before


def test_moving_a_row_out_of_a_published_version_is_refused(published):
    draft = services.create_draft(published.procedure)
    fee = published.fees.first()
    fee.version = draft
    with pytest.raises(FrozenVersionError):
        fee.save()
    assert Fee.objects.get(pk=fee.pk).version == published


def test_lifecycle_fields_and_drafts_stay_writable(published):
    published.effective_to = days(5)
    published.save()
    draft = services.new_draft_from(published)
    draft.legal_basis = "Luật mới"
    draft.save()
    draft.cases.first().delete()
    draft.delete()
    assert ProcedureVersion.objects.get().effective_to == days(5)
