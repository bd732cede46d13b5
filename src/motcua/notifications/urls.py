from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("da-doc/", views.MarkReadView.as_view(), name="mark_read"),
]
