from django.urls import path

from . import views

app_name = "compliance"

urlpatterns = [
    path("", views.ReportView.as_view(), name="report"),
    path("tai-ve/<str:fmt>/", views.DownloadView.as_view(), name="download"),
    path("anh-chup-man-hinh/", views.ArtifactView.as_view(), name="artifact"),
]
