"""Public pages, under the language prefix (none for Vietnamese, /en/ for English)."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedure_list"),
    path("thu-tuc/<str:national_code>/", views.procedure_detail, name="procedure_detail"),
    path(
        "thu-tuc/<str:national_code>/mau/<int:pk>/",
        views.component_template,
        name="component_template",
    ),
    path("linh-vuc/", views.field_list, name="field_list"),
    path("linh-vuc/<str:code>/", views.field_detail, name="field_detail"),
    path("co-quan/", views.agency_list, name="agency_list"),
    path("co-quan/<str:code>/", views.agency_detail, name="agency_detail"),
    path("so-do-cong/", views.site_map, name="site_map"),
]
