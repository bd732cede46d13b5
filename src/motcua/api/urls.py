"""REST API, version 1 (mounted at ``/api/v1/``). The OpenAPI contract is committed next to
the code (``openapi.yaml``) and a test keeps it in step."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views
from .actions import ACTIONS

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("dossiers/", views.DossierList.as_view(), name="dossier-list"),
    path("dossiers/<str:code>/", views.DossierDetail.as_view(), name="dossier-detail"),
    path("dossiers/<str:code>/history/", views.DossierHistory.as_view(), name="dossier-history"),
    *[
        path(
            f"dossiers/<str:code>/actions/{name}/",
            views.action_view(name),
            name=f"dossier-{name.replace('_', '-')}",
        )
        for name in ACTIONS
    ],
]
