"""Forms of the rating and feedback screens; the rules themselves live in ``services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier

from . import selectors
from .models import Feedback, RatingChannel, Satisfaction
from .services import CITIZEN_INDICES, DETAIL_FIELDS, RatingData

NOT_RATED = ("", _("Không đánh giá"))
NOT_ANSWERED = ("", _("Không trả lời"))


def _scale(label) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[NOT_RATED, *Satisfaction.choices],
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )


def _index(label, best, middle, worst) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[NOT_ANSWERED, (2, best), (1, middle), (0, worst)],
        coerce=int,
        empty_value=None,
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )


class RatingForm(forms.Form):
    """Overall and detailed satisfaction on the 3-level scale (TT 32/2017 Điều 12), the
    applicant's TT 01/2018 indices 3, 4, 6 and 7, and a comment."""

    overall = forms.ChoiceField(
        label=_("Mức độ hài lòng chung"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn mức độ hài lòng chung.")},
    )
    ease_of_use = _scale(_("Sự thuận tiện khi tìm hiểu, khai và nộp hồ sơ"))
    response_time = _scale(_("Thời gian cơ quan phản hồi, hướng dẫn"))
    timeliness = _scale(_("Tiến độ giải quyết hồ sơ"))
    staff_attitude = _scale(_("Thái độ của cán bộ"))
    contacts = _index(
        _("Số lần phải liên hệ với nơi tiếp nhận để hoàn thiện hồ sơ"),
        _("Không lần nào"),
        _("Một lần"),
        _("Nhiều hơn một lần"),
    )
    bodies = _index(
        _("Số cơ quan, đơn vị phải liên hệ để giải quyết hồ sơ"),
        _("Không phải đến cơ quan nào"),
        _("Chỉ Bộ phận Một cửa"),
        _("Nhiều hơn một cơ quan, đơn vị"),
    )
    publicity = _index(
        _("Thông tin về thủ tục được công khai (niêm yết tại nơi tiếp nhận và trên Cổng)"),
        _("Đầy đủ, chính xác ở cả hai nơi"),
        _("Đầy đủ, chính xác ở một nơi"),
        _("Thiếu hoặc không chính xác"),
    )
    attitude = _index(
        _("Cách cán bộ phục vụ"),
        _("Nhiệt tình, chu đáo, không gây phiền hà"),
        _("Đúng mực, không gây phiền hà"),
        _("Gây phiền hà, sách nhiễu"),
    )
    comment = forms.CharField(
        label=_("Ý kiến khác (nếu có)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @property
    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in DETAIL_FIELDS]

    @property
    def index_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in CITIZEN_INDICES]

    @property
    def indices_open(self) -> bool:
        """Show the optional questions unfolded when one was answered or is wrong."""
        return any(
            self[name].value() not in (None, "") or self[name].errors for name in CITIZEN_INDICES
        )

    def rating_data(self) -> RatingData:
        data = self.cleaned_data
        return RatingData(
            overall=data["overall"],
            channel=RatingChannel.PORTAL,  # each service sets its own channel
            details={name: data[name] for name in DETAIL_FIELDS if data.get(name)},
            indices={name: data[name] for name in CITIZEN_INDICES if data.get(name) is not None},
            comment=data.get("comment", ""),
        )


class FeedbackForm(forms.Form):
    """A feedback or complaint sent from the portal (anyone, signed in or not)."""

    sender_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    sender_contact = forms.CharField(
        label=_("Số điện thoại hoặc thư điện tử"),
        max_length=200,
        help_text=_("Để cơ quan liên hệ khi cần làm rõ; không được công khai."),
    )
    dossier_code = forms.CharField(
        label=_("Mã số hồ sơ (nếu phản ánh về một hồ sơ)"),
        max_length=40,
        required=False,
        help_text=_("In trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả."),
    )
    agency = forms.TypedChoiceField(
        label=_("Cơ quan, đơn vị được phản ánh, kiến nghị"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Có thể bỏ trống khi đã ghi mã số hồ sơ: phản ánh gửi tới cơ quan giải quyết."),
    )
    kind = forms.ChoiceField(
        label=_("Nội dung phản ánh, kiến nghị về"),
        choices=Feedback.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn nội dung phản ánh, kiến nghị về việc gì.")},
    )
    subject = forms.CharField(label=_("Tiêu đề"), max_length=300)
    content = forms.CharField(
        label=_("Nội dung"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Câu trả lời có thể được công khai cùng nội dung này (không kèm họ tên, cách liên "
            "hệ); xin đừng ghi số định danh, địa chỉ hay thông tin cá nhân khác vào đây."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = selectors.agency_choices()
        self.fields["agency"].choices = [("", _("— Chọn cơ quan, đơn vị —")), *choices]
        self.dossier: Dossier | None = None

    def clean_dossier_code(self) -> str:
        code = self.cleaned_data["dossier_code"].strip().upper()
        if code:
            self.dossier = (
                Dossier.objects.filter(code=code).select_related("settling_agency").first()
            )
            if self.dossier is None:
                raise forms.ValidationError(
                    _("Không tìm thấy hồ sơ có mã “%(code)s”. Vui lòng kiểm tra lại."),
                    params={"code": code},
                )
        return code

    def clean(self):
        data = super().clean()
        if not data.get("agency") and "dossier_code" in data and self.dossier is None:
            self.add_error("agency", _("Vui lòng chọn cơ quan, đơn vị hoặc ghi mã số hồ sơ."))
        return data

    def agency_id(self) -> int:
        return self.cleaned_data.get("agency") or self.dossier.settling_agency_id


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối tiếp nhận"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Vui lòng nêu lý do từ chối tiếp nhận.")},
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Vui lòng nhập nội dung trả lời.")},
    )
    outcome = forms.ChoiceField(
        label=_("Kết quả xử lý"),
        choices=[("", _("— Chọn —")), *[c for c in Feedback.Outcome.choices if c[0]]],
        error_messages={"required": _("Vui lòng chọn kết quả xử lý.")},
    )
    publish = forms.BooleanField(
        label=_("Công khai câu trả lời trên Cổng Dịch vụ công"),
        required=False,
        initial=True,
    )


def rating_lines(rating) -> list[tuple[str, str]]:
    """(question, answer) of each criterion the rating answered, worded as on the form."""
    fields = RatingForm.base_fields
    lines = [(str(fields["overall"].label), rating.get_overall_display())]
    for name in DETAIL_FIELDS:
        if value := getattr(rating, name):
            lines.append((str(fields[name].label), str(Satisfaction(value).label)))
    for key, column in CITIZEN_INDICES.items():
        value = getattr(rating, column)
        if value is not None:
            lines.append((str(fields[key].label), str(dict(fields[key].choices)[value])))
    return lines
