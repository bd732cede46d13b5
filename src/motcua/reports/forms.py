"""The report pages' GET forms: the period, and what to count and how to group it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.directory.models import Agency, Field
from motcua.dossiers.models import DossierChannel

from .periods import Period
from .services import GROUPS, Filters, agency_subtree

KINDS = [
    ("month", _("Tháng")),
    ("quarter", _("Quý")),
    ("year", _("Năm")),
    ("custom", _("Từ ngày đến ngày")),
]


def period_query(period: Period) -> dict:
    """The ``PeriodForm`` parameters that select ``period`` again (a month stays a month, so
    the pages it links to are headed "Tháng 03/2026", not by two dates)."""
    if period.kind == "month":
        return {"ky": "month", "nam": period.start.year, "thang": period.start.month}
    if period.kind == "quarter":
        return {"ky": "quarter", "nam": period.start.year, "quy": (period.start.month + 2) // 3}
    if period.kind == "year":
        return {"ky": "year", "nam": period.start.year}
    return {"ky": "custom", "tu": period.start.isoformat(), "den": period.last_day.isoformat()}


class PeriodForm(forms.Form):
    """``ky`` (month, quarter, year, custom), ``nam``, ``thang``, ``quy``, ``tu``, ``den``.

    Bad input is reported in Vietnamese and the current month is shown instead."""

    ky = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=KINDS, required=False)
    nam = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    thang = forms.IntegerField(label=_("Tháng"), min_value=1, max_value=12, required=False)
    quy = forms.IntegerField(label=_("Quý"), min_value=1, max_value=4, required=False)
    tu = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput({"type": "date"})
    )
    den = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput({"type": "date"})
    )

    default_kind = "month"
    kinds = ("month", "quarter", "year", "custom")

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["ky"].choices = [c for c in KINDS if c[0] in self.kinds]
        today = timezone.localdate()
        self.fields["nam"].initial = today.year
        self.fields["thang"].initial = today.month
        self.fields["quy"].initial = (today.month + 2) // 3

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        kind = data.get("ky") or self.default_kind
        year = data.get("nam") or today.year
        try:
            if kind == "month":
                period = Period.month(year, data.get("thang") or today.month)
            elif kind == "quarter":
                period = Period.quarter(year, data.get("quy") or (today.month + 2) // 3)
            elif kind == "year":
                period = Period.year(year)
            else:
                first, last = data.get("tu"), data.get("den")
                if not first or not last:
                    raise ValidationError(_("Vui lòng chọn cả ngày bắt đầu và ngày kết thúc."))
                if (last - first).days > 366 * 20:
                    raise ValidationError(_("Kỳ báo cáo dài quá 20 năm."))
                period = Period.days(first, last)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        data["period"] = period
        return data

    def period(self) -> Period:
        """The chosen period, or the default one when the input is invalid."""
        if self.is_valid():
            return self.cleaned_data["period"]
        today = timezone.localdate()
        if self.default_kind == "year":
            return Period.year(today.year)
        return Period.month(today.year, today.month)


class StatisticsForm(PeriodForm):
    co_quan = forms.TypedChoiceField(
        label=_("Cơ quan, đơn vị"), coerce=int, required=False, empty_value=None
    )
    linh_vuc = forms.TypedChoiceField(
        label=_("Lĩnh vực"), coerce=int, required=False, empty_value=None
    )
    kenh = forms.ChoiceField(label=_("Kênh nộp"), required=False)
    theo = forms.ChoiceField(label=_("Tổng hợp theo"), required=False)

    def __init__(self, data=None, *, agencies, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["co_quan"].choices = [("", _("Tất cả cơ quan được xem"))] + [
            (a.pk, a.name) for a in agencies
        ]
        self.fields["linh_vuc"].choices = [("", _("Tất cả lĩnh vực"))] + [
            (f.pk, f.name) for f in Field.objects.order_by("name")
        ]
        self.fields["kenh"].choices = [
            ("", _("Tất cả các kênh")),
            ("online", _("Trực tuyến (mọi kênh)")),
            *DossierChannel.choices,
        ]
        self.fields["theo"].choices = list(GROUPS.items())

    def group_by(self) -> str:
        return (self.cleaned_data.get("theo") if self.is_valid() else "") or "settling_agency"

    def filters(self, scope_ids: frozenset[int] | None) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        agency = data.get("co_quan")
        channel = data.get("kenh")
        if channel == "online":
            channels = frozenset(DossierChannel.online())
        else:
            channels = frozenset({channel}) if channel else None
        return Filters(
            agency_ids=agency_subtree([agency]) if agency else None,
            field_ids=frozenset({data["linh_vuc"]}) if data.get("linh_vuc") else None,
            channels=channels,
            scope_ids=scope_ids,
        )


def visible_agencies(scope_ids: frozenset[int] | None) -> list[Agency]:
    """Agencies a user may pick: the agencies (not divisions) in scope, desks included."""
    agencies = Agency.objects.exclude(kind=Agency.Kind.DIVISION).order_by("sort_order", "name")
    if scope_ids is not None:
        agencies = agencies.filter(pk__in=sorted(scope_ids))
    return list(agencies)
