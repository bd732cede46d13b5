"""Small factories for catalogue test data (factory-boy), shared by every app's tests.

``PublishedVersionFactory`` builds a version in force since 1 July 2025 with one case (3 working
days), one required component and one fee by default; pass ``cases=[...]``, ``components=[...]``
or ``fees=[...]`` (lists of keyword dicts, possibly empty) to shape it:

    version = PublishedVersionFactory(
        procedure__name="Cấp giấy phép xây dựng",
        cases=[{"name": "Nhà ở riêng lẻ", "time_limit": 15}],
        fees=[{"name": "Lệ phí cấp phép", "amount": 75000}],
    )
"""

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from motcua.catalog.models import (
    AgencyLevel,
    Case,
    Channel,
    ComponentRequirement,
    Fee,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    ResultType,
    TargetGroup,
    TimeUnit,
)
from motcua.directory.models import Agency, Field

IN_FORCE_SINCE = dt.date(2025, 7, 1)


class FieldFactory(DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n % 100:02d}-F{n:04d}")
    name = factory.Sequence(lambda n: f"Lĩnh vực thử nghiệm {n}")
    ministry = "Bộ Tư pháp"


class AgencyFactory(DjangoModelFactory):
    """A provincial department by default; pass ``kind``/``level``/``parent`` for others."""

    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"000.{n // 100 % 100:02d}.{n % 100:02d}.T99")
    name = factory.Sequence(lambda n: f"Sở thử nghiệm số {n}")
    kind = Agency.Kind.DEPARTMENT
    level = Agency.Level.PROVINCE


class ProcedureFactory(DjangoModelFactory):
    """A procedure without versions; ``agencies=[...]`` links implementing agencies."""

    class Meta:
        model = Procedure
        django_get_or_create = ("national_code",)
        skip_postgeneration_save = True

    national_code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm số {n}")
    field = factory.SubFactory(FieldFactory)
    agency_level = AgencyLevel.PROVINCE

    @factory.post_generation
    def agencies(self, create, extracted, **kwargs):
        if create and extracted:
            self.agencies.add(*extracted)


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    name = factory.Sequence(lambda n: f"Trường hợp {n}")
    time_limit = Decimal(3)
    time_unit = TimeUnit.WORKING_DAYS


class ComponentFactory(DjangoModelFactory):
    class Meta:
        model = ComponentRequirement

    name = factory.Sequence(lambda n: f"Đơn đề nghị số {n}")
    form = ComponentRequirement.Form.ORIGINAL
    quantity = 1
    required = True


class FeeFactory(DjangoModelFactory):
    class Meta:
        model = Fee

    name = "Lệ phí"
    kind = Fee.Kind.CHARGE
    amount = Decimal(50000)


class ResultTypeFactory(DjangoModelFactory):
    class Meta:
        model = ResultType

    name = "Giấy chứng nhận"


def _children(version, factory_class, extracted, default):
    for values in default if extracted is None else extracted:
        factory_class(version=version, **values)


class ProcedureVersionFactory(DjangoModelFactory):
    """A draft version; see ``PublishedVersionFactory`` for one in force."""

    class Meta:
        model = ProcedureVersion
        skip_postgeneration_save = True

    procedure = factory.SubFactory(ProcedureFactory)
    number = factory.LazyAttribute(lambda o: o.procedure.versions.count() + 1)
    status = ProcedureVersion.Status.DRAFT
    steps_text = "Bước 1: Nộp hồ sơ. Bước 2: Giải quyết. Bước 3: Trả kết quả."
    channels = factory.LazyFunction(lambda: [Channel.COUNTER, Channel.POST, Channel.ONLINE])
    online_level = OnlineLevel.PARTIAL
    target_groups = factory.LazyFunction(lambda: [TargetGroup.CITIZEN])
    implementing_body = "Sở thử nghiệm"
    submission_place = "Trung tâm Phục vụ hành chính công tỉnh"
    legal_basis = "Nghị định số 118/2025/NĐ-CP"
    result_description = "Giấy chứng nhận"

    @factory.post_generation
    def cases(self, create, extracted, **kwargs):
        if create:
            _children(self, CaseFactory, extracted, [{}])

    @factory.post_generation
    def components(self, create, extracted, **kwargs):
        if create:
            _children(self, ComponentFactory, extracted, [{}])

    @factory.post_generation
    def fees(self, create, extracted, **kwargs):
        if create:
            _children(self, FeeFactory, extracted, [{}])

    @factory.post_generation
    def result_types(self, create, extracted, **kwargs):
        if create:
            _children(self, ResultTypeFactory, extracted, [{}])


class PublishedVersionFactory(ProcedureVersionFactory):
    """Built as a draft with its rows, then frozen in the given status (published by default):
    the models refuse rows added to a published version."""

    status = ProcedureVersion.Status.PUBLISHED
    effective_from = IN_FORCE_SINCE
    published_at = factory.LazyFunction(lambda: dt.datetime(2025, 6, 20, 8, 0, tzinfo=dt.UTC))
    decision_number = "1234/QĐ-UBND"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        status = kwargs.pop("status")
        instance = super()._create(
            model_class, *args, status=ProcedureVersion.Status.DRAFT, **kwargs
        )
        instance._frozen_status = status
        return instance

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            instance.status = instance._frozen_status
            instance.save()
