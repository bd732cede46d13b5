"""The back office, under ``/mot-cua/`` (and ``/en/mot-cua/``)."""

from django.urls import path

from .views import administration, dossier, reception, workspace

app_name = "backoffice"

urlpatterns = [
    path("", workspace.home, name="home"),
    path("viec-cua-toi/", workspace.my_work, name="my_work"),
    path("truc-tuyen/", workspace.intake, name="intake"),
    path("tra-ket-qua/", workspace.returns, name="returns"),
    path("tra-cuu/", workspace.search, name="search"),
    path("dieu-hanh/", workspace.dashboard, name="dashboard"),
    path("tiep-nhan/", reception.reception, name="reception"),
    path("tiep-nhan/nguoi-nop/", reception.applicant_lookup, name="applicant_lookup"),
    path("tiep-nhan/xong/<str:code>/", reception.reception_done, name="reception_done"),
    path("tiep-nhan/<int:version_id>/", reception.reception_case, name="reception_case"),
    path(
        "tiep-nhan/<int:version_id>/<int:case_id>/",
        reception.reception_form,
        name="reception_form",
    ),
    path("ho-so/<str:code>/", dossier.dossier_page, name="dossier"),
    path("ho-so/<str:code>/thao-tac/<str:action>/", dossier.dossier_action, name="action"),
    path("ho-so/<str:code>/tep/<int:pk>/", dossier.dossier_file, name="file"),
    path("quan-tri/vai-tro/", administration.roles, name="roles"),
    path("quan-tri/vai-tro/<int:user_id>/", administration.role_user, name="role_user"),
    path("quan-tri/bo-cuc/", administration.navigation, name="navigation"),
]
