"""Operations pages of the province system administrator, under /he-thong/."""

from django.urls import path

from . import views

app_name = "ops"

urlpatterns = [
    path("nhat-ky/", views.audit_log, name="audit_log"),
    path("nhat-ky/tai-ve.csv", views.audit_csv, name="audit_csv"),
    path("nhat-ky/xuat-excel/", views.audit_xlsx, name="audit_xlsx"),
    path("truy-cap/", views.access_statistics, name="access"),
    path("truy-cap/xuat-excel/", views.access_xlsx, name="access_xlsx"),
    path("tac-vu/<uuid:pk>/", views.operation, name="operation"),
    path("tac-vu/<uuid:pk>/tai-ve/", views.operation_download, name="operation_download"),
]
