"""Officials' statistics, under ``/mot-cua/thong-ke/``."""

from django.urls import path, register_converter

from . import views


class FormatConverter:
    regex = "xlsx|pdf|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "report_fmt")

app_name = "reports"

urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("bao-cao.<report_fmt:fmt>", views.statistics, name="statistics_file"),
    path("ho-so/", views.dossiers, name="dossiers"),
    path("chi-so-766/", views.index_766, name="index766"),
    path("chi-so-766.<report_fmt:fmt>", views.index_766, name="index766_file"),
    path("chi-so-766/<str:code>/", views.index_766_agency, name="index766_agency"),
    path(
        "chi-so-766/<str:code>.<report_fmt:fmt>",
        views.index_766_agency,
        name="index766_agency_file",
    ),
    path("danh-gia/", views.evaluation, name="evaluation"),
    path("danh-gia.<report_fmt:fmt>", views.evaluation, name="evaluation_file"),
    path(
        "so-theo-doi/<str:agency_code>/<int:year>.xlsx",
        views.tracking_book_xlsx,
        name="tracking_book_xlsx",
    ),
]
