"""The archive in the back office, under ``/mot-cua/luu-tru/``."""

from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("", views.archive_list, name="list"),
    path("danh-sach.xlsx", views.archive_export, name="export"),
    path("luu-tru-hang-loat/", views.batch, name="batch"),
    path("<str:code>/", views.record_detail, name="detail"),
    path("<str:code>/goi-luu-tru.zip", views.record_download, name="download"),
    path("<str:code>/kiem-tra/", views.record_verify, name="verify"),
    path("<str:code>/huy/", views.record_destroy, name="destroy"),
]
