from django.urls import path, register_converter

from . import views


class FormatConverter:
    regex = "pdf|docx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

app_name = "documents"

urlpatterns = [
    path("xac-thuc-chu-ky/", views.verify, name="verify"),
    path(
        "van-ban/ho-so/<str:code>/<slug:kind>.<fmt:fmt>",
        views.form_download,
        name="form_download",
    ),
    path(
        "van-ban/ho-so/<str:code>/<slug:kind>/<int:pk>.<fmt:fmt>",
        views.form_download,
        name="form_item_download",
    ),
    path(
        "van-ban/so-theo-doi/<str:agency_code>/<int:year>.<fmt:fmt>",
        views.tracking_book_download,
        name="tracking_book",
    ),
    path("van-ban/ket-qua/<int:pk>/", views.result_download, name="result_download"),
    path("van-ban/tieu-de/", views.letterhead_list, name="letterhead_list"),
    path("van-ban/tieu-de/<str:agency_code>/", views.letterhead_edit, name="letterhead_edit"),
    path(
        "van-ban/tieu-de/<str:agency_code>/xem-truoc.pdf",
        views.letterhead_preview,
        name="letterhead_preview",
    ),
]
