"""The province administrator's page with the latest compliance report, and its downloads."""

import mimetypes
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views import View

from . import exports, services


def _lang() -> str:
    return "en" if (translation.get_language() or "").startswith("en") else "vi"


class ReportAccessMixin:
    """Superusers and province administrators only; others get 403, strangers the login."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not services.can_view_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportView(ReportAccessMixin, View):
    def get(self, request):
        try:
            report = services.current_report(lang=_lang())
        except ValidationError as exc:
            return render(request, "compliance/report.html", {"error": exc.messages[0]})

        def links(artifact: str):
            url = reverse("compliance:artifact") + "?" + urlencode({"path": artifact})
            return url, url

        return render(
            request,
            "compliance/report.html",
            {"report": exports.with_artifact_links(report, links), "formats": exports.FORMATS},
        )


class DownloadView(ReportAccessMixin, View):
    def get(self, request, fmt: str):
        if fmt not in exports.FORMATS:
            raise Http404
        try:
            report = services.current_report(lang=_lang())
        except ValidationError as exc:
            return render(request, "compliance/report.html", {"error": exc.messages[0]})
        if fmt == "html":
            root = report["results"]["root"]
            body = exports.render_html(report, exports.embedded_links(root or None, None))
        elif fmt == "xlsx":
            body = exports.render_xlsx(report)
        else:
            body = exports.render_json(report)
        suffix = "-en" if report["language"] == "en" else ""
        name = f"tu-danh-gia-tt22-{timezone.localdate():%Y%m%d}{suffix}.{fmt}"
        response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ArtifactView(ReportAccessMixin, View):
    """A screenshot recorded as evidence by the latest test run."""

    def get(self, request):
        path = services.artifact_file(request.GET.get("path", ""))
        if path is None:
            raise Http404
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return FileResponse(path.open("rb"), content_type=content_type)
