"""Account pages under /tai-khoan/. Each one works without JavaScript and calls ``services``."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView
from django_ratelimit.core import is_ratelimited
from mozilla_django_oidc import views as oidc_views

from . import oidc, services
from .acting import acting_organisation, set_acting_organisation
from .forms import (
    CodeForm,
    LoginForm,
    MemberForm,
    OrganisationForm,
    PasswordChangeForm,
    PasswordResetCodeForm,
    PasswordResetRequestForm,
    ProfileForm,
    SetPasswordForm,
    SignUpForm,
)
from .models import OrganisationMember, OrganisationRole
from .validators import normalise_phone

User = get_user_model()

PENDING_USER = "motcua_pending_user"  # signed up, not signed in, proving the phone
RESET_PHONE = "motcua_reset_phone"


def _limited(request, group: str, rate: str) -> bool:
    return is_ratelimited(request, group=group, key="ip", rate=rate, increment=True)


def _too_many_message() -> str:
    return _("Bạn đã thao tác quá nhiều lần. Vui lòng thử lại sau ít phút.")


def _too_many(form) -> None:
    form.add_error(None, _too_many_message())


def _add_errors(form, exc: ValidationError) -> None:
    """Attach a service error to the form fields it names (or to the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- sign-up and verification -------------------------------------------------------------------


class SignUpView(FormView):
    template_name = "accounts/signup.html"
    form_class = SignUpForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("accounts:profile")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        if _limited(self.request, "accounts.signup", settings.MOTCUA_RATE_SIGNUP):
            _too_many(form)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        data = form.cleaned_data
        try:
            user = services.sign_up(
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                password=data["password1"],
                language=self.request.LANGUAGE_CODE,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        self.request.session[PENDING_USER] = user.pk
        if user.phone:
            messages.success(
                self.request,
                _("Đã tạo tài khoản. Mã xác minh đã được gửi tới số %(phone)s.")
                % {"phone": user.phone},
            )
            return redirect("accounts:verify_phone")
        return redirect("accounts:signup_done")


class SignUpDoneView(View):
    def get(self, request):
        user = User.objects.filter(pk=request.session.get(PENDING_USER)).first()
        if user is None:
            return redirect("accounts:login")
        return render(request, "accounts/signup_done.html", {"pending": user})


class VerifyEmailView(View):
    def get(self, request, token: str):
        try:
            user = services.verify_email(token)
        except ValidationError as exc:
            context = {"error": exc.messages[0]}
            return render(request, "accounts/verify_email_invalid.html", context, status=400)
        messages.success(
            request,
            _("Đã xác minh địa chỉ thư điện tử %(email)s.") % {"email": user.email},
        )
        if request.user.is_authenticated:
            return redirect("accounts:profile")
        messages.info(request, _("Mời bạn đăng nhập."))
        return redirect("accounts:login")


class ResendEmailView(LoginRequiredMixin, View):
    def post(self, request):
        if _limited(request, "accounts.send", settings.MOTCUA_RATE_SEND_CODE):
            messages.error(request, _too_many_message())
            return redirect("accounts:profile")
        try:
            services.resend_email_verification(request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(
                request,
                _("Đã gửi lại liên kết xác minh tới %(email)s.") % {"email": request.user.email},
            )
        return redirect("accounts:profile")


def _phone_user(request):
    if request.user.is_authenticated:
        return request.user
    return User.objects.filter(pk=request.session.get(PENDING_USER)).first()


class VerifyPhoneView(FormView):
    template_name = "accounts/verify_phone.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        self.subject = _phone_user(request)
        if self.subject is None or not self.subject.phone:
            return redirect("accounts:login")
        if self.subject.phone_verified_at:
            messages.info(request, _("Số điện thoại đã được xác minh."))
            signed_in = request.user.is_authenticated
            return redirect("accounts:profile" if signed_in else "accounts:login")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)

    def form_valid(self, form):
        try:
            services.verify_phone(self.subject, form.cleaned_data["code"])
        except ValidationError as exc:
            _add_errors(form, ValidationError({"code": exc.messages}))
            return self.form_invalid(form)
        messages.success(
            self.request, _("Đã xác minh số điện thoại %(phone)s.") % {"phone": self.subject.phone}
        )
        if self.request.user.is_authenticated:
            return redirect("accounts:profile")
        self.request.session.pop(PENDING_USER, None)
        messages.info(self.request, _("Mời bạn đăng nhập."))
        return redirect("accounts:login")


class ResendPhoneCodeView(View):
    def post(self, request):
        subject = _phone_user(request)
        if subject is None:
            return redirect("accounts:login")
        if _limited(request, "accounts.send", settings.MOTCUA_RATE_SEND_CODE):
            messages.error(request, _too_many_message())
            return redirect("accounts:verify_phone")
        try:
            services.send_phone_code(subject)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(
                request, _("Đã gửi mã xác minh mới tới số %(phone)s.") % {"phone": subject.phone}
            )
        return redirect("accounts:verify_phone")


# --- sign-in, sign-out, passwords ---------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sso_enabled=oidc.enabled(), sso_name=settings.OIDC_PROVIDER_NAME, **kwargs
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        if not form.get_user().is_verified:
            messages.warning(
                self.request,
                _(
                    "Tài khoản chưa được xác minh: vui lòng xác minh thư điện tử hoặc số điện "
                    "thoại để nộp hồ sơ trực tuyến."
                ),
            )
        return response


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:home")


class PasswordResetRequestView(FormView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm

    def form_valid(self, form):
        if _limited(self.request, "accounts.send", settings.MOTCUA_RATE_SEND_CODE):
            _too_many(form)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        identifier = form.cleaned_data["identifier"].strip()
        try:
            services.request_password_reset(identifier)
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        if "@" not in identifier:
            try:
                phone = normalise_phone(identifier)
            except ValidationError:
                pass
            else:
                # Always the code page for a phone number, so the answer does not tell
                # whether the number has an account.
                self.request.session[RESET_PHONE] = phone
                return redirect("accounts:password_reset_code")
        return redirect("accounts:password_reset_sent")


class PasswordResetSentView(View):
    def get(self, request):
        return render(request, "accounts/password_reset_sent.html")


class PasswordResetCodeView(FormView):
    template_name = "accounts/password_reset_code.html"
    form_class = PasswordResetCodeForm

    def dispatch(self, request, *args, **kwargs):
        self.phone = request.session.get(RESET_PHONE)
        if not self.phone:
            return redirect("accounts:password_reset")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(phone=self.phone, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.reset_password_with_code(self.phone, data["code"], data["new_password1"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                _add_errors(form, exc)
            else:
                form.add_error("code", exc)
            return self.form_invalid(form)
        self.request.session.pop(RESET_PHONE, None)
        messages.success(self.request, _("Đã đặt mật khẩu mới. Mời bạn đăng nhập."))
        return redirect("accounts:login")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm

    def form_valid(self, form):
        try:
            services.reset_password_with_link(self.user, form.cleaned_data["new_password1"])
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        self.request.session.pop(auth_views.INTERNAL_RESET_SESSION_TOKEN, None)
        messages.success(self.request, _("Đã đặt mật khẩu mới. Mời bạn đăng nhập."))
        return redirect("accounts:login")


class PasswordChangeView(LoginRequiredMixin, FormView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            user = services.change_password(
                self.request.user, data["old_password"], data["new_password1"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return redirect("accounts:profile")


# --- profile ------------------------------------------------------------------------------------


class ProfileView(LoginRequiredMixin, FormView):
    template_name = "accounts/profile.html"
    form_class = ProfileForm

    def locked(self) -> tuple[str, ...]:
        return services.IDENTITY_FIELDS if self.request.user.id_number_verified_at else ()

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"locked": self.locked()}

    def get_initial(self):
        user = self.request.user
        return {name: getattr(user, name) for name in services.PROFILE_FIELDS}

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            account=user,
            identities=user.external_identities.all(),
            sso_enabled=oidc.enabled(),
            sso_name=settings.OIDC_PROVIDER_NAME,
            **kwargs,
        )

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if not form.fields[k].disabled}
        try:
            change = services.update_profile(self.request.user, actor=self.request.user, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        if not change.changed:
            messages.info(self.request, _("Không có thông tin nào thay đổi."))
            return redirect("accounts:profile")
        messages.success(self.request, _("Đã lưu thông tin tài khoản."))
        if change.email_sent:
            messages.info(
                self.request,
                _("Liên kết xác minh đã được gửi tới %(email)s.") % {"email": change.user.email},
            )
        if change.code_sent:
            return redirect("accounts:verify_phone")
        return redirect("accounts:profile")


# --- organisations ------------------------------------------------------------------------------


class OrganisationListView(LoginRequiredMixin, FormView):
    template_name = "accounts/organisations.html"
    form_class = OrganisationForm

    def get_context_data(self, **kwargs):
        user = self.request.user
        memberships = (
            OrganisationMember.objects.filter(user=user, is_active=True)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        return super().get_context_data(
            memberships=memberships, acting=acting_organisation(self.request), **kwargs
        )

    def form_valid(self, form):
        try:
            organisation = services.register_organisation(self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Đã đăng ký tổ chức %(name)s.") % {"name": organisation})
        return redirect("accounts:organisation", pk=organisation.pk)


class OrganisationDetailView(LoginRequiredMixin, FormView):
    template_name = "accounts/organisation_detail.html"
    form_class = MemberForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organisation = get_object_or_404(
            services.organisations_for(request.user), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        members = self.organisation.members.filter(is_active=True).select_related("user")
        is_representative = members.filter(
            user=self.request.user, role=OrganisationRole.REPRESENTATIVE
        ).exists()
        return super().get_context_data(
            organisation=self.organisation,
            members=members.order_by("role", "user__full_name"),
            is_representative=is_representative,
            acting=acting_organisation(self.request),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            member = services.add_member(
                self.organisation, actor=self.request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Đã thêm %(name)s.") % {"name": member.user})
        return redirect("accounts:organisation", pk=self.organisation.pk)


class RemoveMemberView(LoginRequiredMixin, View):
    def post(self, request, pk: int, member_pk: int):
        organisation = get_object_or_404(services.organisations_for(request.user), pk=pk)
        member = get_object_or_404(organisation.members, pk=member_pk, is_active=True)
        try:
            services.remove_member(member, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, exc.messages[0] if hasattr(exc, "messages") else str(exc))
        else:
            messages.success(request, _("Đã bỏ %(name)s khỏi tổ chức.") % {"name": member.user})
        return redirect("accounts:organisation", pk=pk)


class ActAsView(LoginRequiredMixin, View):
    """Switch between acting for oneself and for one of one's organisations."""

    def post(self, request):
        organisation = None
        if request.POST.get("organisation"):
            organisation = get_object_or_404(
                services.organisations_for(request.user), pk=request.POST["organisation"]
            )
        set_acting_organisation(request, organisation)
        if organisation is None:
            messages.success(request, _("Bạn đang thực hiện thủ tục với tư cách cá nhân."))
        else:
            messages.success(
                request,
                _("Bạn đang thực hiện thủ tục thay mặt %(name)s.") % {"name": organisation.name},
            )
        return HttpResponseRedirect(_safe_next(request, reverse("accounts:organisations")))


# --- single sign-on -----------------------------------------------------------------------------


class SsoStartView(oidc_views.OIDCAuthenticationRequestView):
    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # endpoints are read per request, not from settings

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc.provider_config().authorization_endpoint
        except (OSError, ValueError) as exc:
            oidc.logger.warning("OIDC discovery failed: %s", exc)
            messages.error(
                request,
                _("Không kết nối được với %(name)s. Vui lòng thử lại sau.")
                % {"name": settings.OIDC_PROVIDER_NAME},
            )
            return redirect("accounts:login")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class SsoCallbackView(oidc_views.OIDCAuthenticationCallbackView):
    def get(self, request):
        if not oidc.enabled():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation as exc:  # forged or replayed response, wrong token
            oidc.logger.warning("OIDC callback refused: %s", exc)
            return self.login_failure()

    @property
    def success_url(self):
        return self.request.session.get("oidc_login_next") or reverse("accounts:profile")

    def login_failure(self):
        messages.error(
            self.request,
            _("Đăng nhập bằng %(name)s không thành công.") % {"name": settings.OIDC_PROVIDER_NAME},
        )
        return redirect("accounts:login")
