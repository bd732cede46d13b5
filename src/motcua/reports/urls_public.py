"""The public statistics page, under ``/thong-ke/``."""

from django.urls import path

from . import views
from .urls import FormatConverter  # noqa: F401  (registers the ``report_fmt`` converter)

app_name = "reports_public"

urlpatterns = [
    path("", views.public, name="statistics"),
    path("bao-cao.<report_fmt:fmt>", views.public, name="statistics_file"),
]
