"""Public pages, under the language prefix (none for Vietnamese, /en/ for English)."""

from django.urls import path

from . import mine, tracking, views, wizard

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
    path("tra-cuu/", tracking.tracking, name="tracking"),
    # Online submission (only when MOTCUA_PORTAL_FILING_ENABLED).
    path("nop-ho-so/ho-so-nhap/<uuid:key>/da-nop/", wizard.done, name="submit_done"),
    path("nop-ho-so/ho-so-nhap/<uuid:key>/xoa/", wizard.discard, name="submit_discard"),
    path("nop-ho-so/ho-so-nhap/<uuid:key>/<slug:step>/", wizard.step, name="submit_step"),
    path("nop-ho-so/<str:national_code>/", wizard.start, name="submit_start"),
    # The citizen's own pages.
    path("ho-so-cua-toi/", mine.dossier_list, name="my_dossiers"),
    path("ho-so-cua-toi/<str:code>/", mine.dossier_detail, name="my_dossier"),
    path("ho-so-cua-toi/<str:code>/bo-sung/", mine.supplement, name="my_supplement"),
    path("ho-so-cua-toi/<str:code>/rut/", mine.withdraw, name="my_withdraw"),
    path("ho-so-cua-toi/<str:code>/tep/<int:pk>/", mine.dossier_file, name="dossier_file"),
    path("giay-to-cua-toi/", mine.documents, name="my_documents"),
    path("giay-to-cua-toi/<int:pk>/", mine.document_download, name="document_download"),
    path("giay-to-cua-toi/<int:pk>/bo/", mine.document_hide, name="document_hide"),
]
