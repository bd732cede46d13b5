"""Single sign-on URLs, outside the language prefix: the redirect URI registered with the
identity provider must not change with the visitor's language."""

from django.urls import path

from . import views

app_name = "accounts_sso"

urlpatterns = [
    path("dang-nhap/", views.SsoStartView.as_view(), name="start"),
    path("callback/", views.SsoCallbackView.as_view(), name="callback"),
]
