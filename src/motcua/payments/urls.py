"""Fee payment, under /thanh-toan/ (namespace ``payments``)."""

from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("", views.index, name="index"),
    path("ho-so/<str:code>/", views.dossier_payment, name="dossier"),
    path("giao-dich/<str:reference>/", views.attempt, name="attempt"),
    path("giao-dich/<str:reference>/trang-thai/", views.attempt_status, name="attempt_status"),
    path("giao-dich/<str:reference>/bien-nhan.pdf", views.receipt, name="receipt"),
    path("cong/<slug:provider_id>/tra-ve/", views.gateway_return, name="return"),
    path("cong/<slug:provider_id>/ipn/", views.gateway_ipn, name="ipn"),
    path("can-bo/", views.officer_list, name="officer_list"),
    path("can-bo/xuat.xlsx", views.officer_export, name="officer_export"),
    path("can-bo/sao-ke/", views.officer_statement, name="officer_statement"),
    path("can-bo/ho-so/<str:code>/", views.officer_dossier, name="officer_dossier"),
    path(
        "can-bo/giao-dich/<str:reference>/xac-nhan/",
        views.officer_confirm,
        name="officer_confirm",
    ),
]
