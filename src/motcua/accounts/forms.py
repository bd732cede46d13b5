"""Account forms. They collect and shape input; the checks that matter live in ``services``.

Every field carries its ``autocomplete`` token (WCAG 1.3.5) and Django links help texts and
errors to the input with ``aria-describedby``.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import OrganisationRole


def _attrs(autocomplete: str, **extra) -> dict:
    return {"autocomplete": autocomplete, **extra}


class SignUpForm(forms.Form):
    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=200, widget=forms.TextInput(attrs=_attrs("name"))
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        widget=forms.EmailInput(attrs=_attrs("email")),
        help_text=_("Nhập thư điện tử hoặc số điện thoại di động (ít nhất một) để xác minh."),
    )
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=_attrs("tel", type="tel", inputmode="tel")),
        help_text=_("Ví dụ 0912345678. Mã xác minh sẽ được gửi qua tin nhắn SMS."),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs=_attrs("new-password")),
        help_text=_("Ít nhất 8 ký tự, không quá đơn giản, không toàn chữ số."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs=_attrs("new-password")),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("email") or data.get("phone")) and not self.has_error("email"):
            self.add_error(
                "email",
                _("Vui lòng nhập địa chỉ thư điện tử hoặc số điện thoại di động (ít nhất một)."),
            )
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Hai mật khẩu đã nhập không giống nhau."))
        return data


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Thông tin đăng nhập hoặc mật khẩu không đúng. Lưu ý: nhập sai nhiều lần liên tiếp "
            "sẽ tạm khóa việc đăng nhập."
        ),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập, thư điện tử hoặc số điện thoại")
        self.fields["username"].widget.attrs.update(_attrs("username", autofocus=True))
        self.fields["password"].label = _("Mật khẩu")
        self.fields["password"].widget.attrs.update(_attrs("current-password"))


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Mã xác minh (6 chữ số)"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Mã xác minh gồm đúng 6 chữ số.")},
        widget=forms.TextInput(
            attrs=_attrs("one-time-code", inputmode="numeric", maxlength="6", pattern=r"\d{6}")
        ),
    )


class PasswordResetRequestForm(forms.Form):
    identifier = forms.CharField(
        label=_("Thư điện tử hoặc số điện thoại đã đăng ký"),
        max_length=254,
        widget=forms.TextInput(attrs=_attrs("username")),
        help_text=_(
            "Nhập thư điện tử để nhận liên kết, hoặc số điện thoại để nhận mã qua tin nhắn SMS."
        ),
    )


class NewPasswordMixin(forms.Form):
    new_password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs=_attrs("new-password")),
        help_text=_("Ít nhất 8 ký tự, không quá đơn giản, không toàn chữ số."),
    )
    new_password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs=_attrs("new-password")),
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("Hai mật khẩu đã nhập không giống nhau."))
        return data


class PasswordResetCodeForm(CodeForm, NewPasswordMixin):
    pass


class SetPasswordForm(NewPasswordMixin):
    """Django's reset-confirm view passes the user as the first argument."""

    def __init__(self, user=None, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


class PasswordChangeForm(NewPasswordMixin):
    old_password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        strip=False,
        widget=forms.PasswordInput(attrs=_attrs("current-password")),
    )
    field_order = ["old_password", "new_password1", "new_password2"]


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=200, widget=forms.TextInput(attrs=_attrs("name"))
    )
    id_number = forms.CharField(
        label=_("Số định danh cá nhân (số căn cước)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=_attrs("off", inputmode="numeric")),
        help_text=_("12 chữ số, in trên thẻ căn cước hoặc căn cước công dân."),
    )
    date_of_birth = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        widget=forms.DateInput(attrs=_attrs("bday", type="date"), format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text=_("Ngày/tháng/năm, ví dụ 17/05/1990."),
    )
    address = forms.CharField(
        label=_("Địa chỉ liên hệ"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs=_attrs("street-address")),
    )
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=_attrs("tel", type="tel", inputmode="tel")),
        help_text=_("Đổi số điện thoại thì cần xác minh lại bằng mã gửi qua SMS."),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        widget=forms.EmailInput(attrs=_attrs("email")),
        help_text=_("Đổi thư điện tử thì cần xác minh lại qua liên kết gửi tới địa chỉ mới."),
    )
    language = forms.ChoiceField(label=_("Ngôn ngữ nhận thông báo"), choices=settings.LANGUAGES)
    notify_by_email = forms.BooleanField(label=_("Nhận thông báo qua thư điện tử"), required=False)
    notify_by_sms = forms.BooleanField(label=_("Nhận thông báo qua tin nhắn SMS"), required=False)

    def __init__(self, *args, locked: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        for name in locked:
            self.fields[name].disabled = True
            self.fields[name].help_text = _("Đã xác thực qua định danh điện tử, không sửa được.")


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label=_("Tên tổ chức, doanh nghiệp"),
        max_length=300,
        widget=forms.TextInput(attrs=_attrs("organization")),
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        max_length=20,
        widget=forms.TextInput(attrs=_attrs("off", inputmode="numeric")),
        help_text=_("10 chữ số, hoặc dạng 0123456789-001 đối với chi nhánh, đơn vị phụ thuộc."),
    )
    address = forms.CharField(
        label=_("Địa chỉ trụ sở"),
        max_length=300,
        widget=forms.TextInput(attrs=_attrs("street-address")),
    )
    email = forms.EmailField(
        label=_("Thư điện tử của tổ chức"),
        required=False,
        widget=forms.EmailInput(attrs=_attrs("email")),
    )
    phone = forms.CharField(
        label=_("Số điện thoại di động liên hệ"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=_attrs("tel", type="tel")),
    )


class MemberForm(forms.Form):
    identifier = forms.CharField(
        label=_("Thư điện tử hoặc số điện thoại của người được thêm"),
        max_length=254,
        widget=forms.TextInput(attrs=_attrs("off")),
        help_text=_("Người được thêm cần có tài khoản trên Cổng."),
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=OrganisationRole.choices)
