"""Ratings, feedback and help on both faces, under the language prefix (none for Vietnamese).

Portal: /phan-anh-kien-nghi/…, /huong-dan/, the owner's rating under /ho-so-cua-toi/<mã>/danh-gia/
and their own feedback under /tai-khoan/phan-anh-kien-nghi/. Back office (signed-in officials):
/mot-cua/phan-anh-kien-nghi/… and the desk's rating tablet /mot-cua/danh-gia/<mã>/.
"""

from django.urls import path

from . import office, views

app_name = "feedback"

urlpatterns = [
    path("ho-so-cua-toi/<str:code>/danh-gia/", views.rate, name="rate"),
    path("phan-anh-kien-nghi/", views.public_list, name="public_list"),
    path("phan-anh-kien-nghi/<int:pk>/", views.public_detail, name="public_detail"),
    path("phan-anh-kien-nghi/gui/", views.send, name="send"),
    path("phan-anh-kien-nghi/da-gui/<int:pk>/", views.sent, name="sent"),
    path("tai-khoan/phan-anh-kien-nghi/", views.mine, name="mine"),
    path(
        "tai-khoan/phan-anh-kien-nghi/<int:pk>/danh-gia/",
        views.sender_satisfaction,
        name="sender_satisfaction",
    ),
    path("huong-dan/", views.help_page, name="help"),
    path("mot-cua/phan-anh-kien-nghi/", office.office_list, name="office_list"),
    path("mot-cua/phan-anh-kien-nghi/<int:pk>/", office.office_detail, name="office_detail"),
    path(
        "mot-cua/phan-anh-kien-nghi/<int:pk>/tiep-nhan/",
        office.office_accept,
        name="office_accept",
    ),
    path(
        "mot-cua/phan-anh-kien-nghi/<int:pk>/tu-choi/", office.office_refuse, name="office_refuse"
    ),
    path(
        "mot-cua/phan-anh-kien-nghi/<int:pk>/tra-loi/", office.office_answer, name="office_answer"
    ),
    path(
        "mot-cua/phan-anh-kien-nghi/<int:pk>/cong-khai/",
        office.office_publish,
        name="office_publish",
    ),
    path("mot-cua/danh-gia/<str:code>/", office.kiosk, name="kiosk"),
    path("mot-cua/danh-gia/<str:code>/cam-on/", office.kiosk_done, name="kiosk_done"),
]
