from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dang-ky/", views.SignUpView.as_view(), name="signup"),
    path("dang-ky/kiem-tra-thu/", views.SignUpDoneView.as_view(), name="signup_done"),
    path("xac-minh/thu/<str:token>/", views.VerifyEmailView.as_view(), name="verify_email"),
    path("xac-minh/thu-gui-lai/", views.ResendEmailView.as_view(), name="resend_email"),
    path("xac-minh/dien-thoai/", views.VerifyPhoneView.as_view(), name="verify_phone"),
    path("xac-minh/dien-thoai/gui-lai/", views.ResendPhoneCodeView.as_view(), name="resend_code"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("quen-mat-khau/", views.PasswordResetRequestView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/", views.PasswordResetSentView.as_view(), name="password_reset_sent"
    ),
    path(
        "quen-mat-khau/nhap-ma/", views.PasswordResetCodeView.as_view(), name="password_reset_code"
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("", views.ProfileView.as_view(), name="profile"),
    path("to-chuc/", views.OrganisationListView.as_view(), name="organisations"),
    path("to-chuc/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation"),
    path(
        "to-chuc/<int:pk>/thanh-vien/<int:member_pk>/bo/",
        views.RemoveMemberView.as_view(),
        name="remove_member",
    ),
    path("tu-cach/", views.ActAsView.as_view(), name="act_as"),
]
