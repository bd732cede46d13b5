"""Health probes, outside the language prefix and exempt from the HTTPS redirect."""

from django.urls import path

from . import views

app_name = "health"

urlpatterns = [
    path("healthz", views.healthz, name="live"),
    path("readyz", views.readyz, name="ready"),
]
