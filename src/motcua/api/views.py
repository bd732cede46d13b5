"""Dossier endpoints. Reads go through ``dossiers.selectors`` (a dossier the user may not see
is a 404, so its existence is not revealed); writes through ``dossiers.services``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.dossiers import selectors
from motcua.dossiers.exceptions import ConflictError, TransitionError
from motcua.dossiers.states import Action

from .actions import ACTIONS
from .serializers import DossierDetailSerializer, DossierSerializer, HistorySerializer

ErrorSerializer = inline_serializer(
    "Error",
    {
        "code": serializers.CharField(),
        "detail": serializers.CharField(),
        "errors": serializers.DictField(required=False),
    },
)


def _visible_or_404(request: Request, code: str):
    dossier = selectors.get_visible(request.user, code)
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    return dossier


class DossierList(generics.ListAPIView):
    """Dossiers visible to the user, newest first; ``q`` searches code, ID number and name
    (accents optional), ``state`` and ``national_status`` filter."""

    serializer_class = DossierSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Mã hồ sơ, số định danh hoặc tên chủ hồ sơ"),
            OpenApiParameter("state", str),
            OpenApiParameter("national_status", int),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = selectors.dossiers_visible_to(self.request.user)
        params = self.request.query_params
        if params.get("q"):
            qs = selectors.search(qs, params["q"])
        if params.get("state"):
            qs = qs.filter(state=params["state"])
        if params.get("national_status", "").isdigit():
            qs = qs.filter(national_status=int(params["national_status"]))
        return qs.order_by("-submitted_at", "-id")


class DossierDetail(APIView):
    @extend_schema(responses={200: DossierDetailSerializer, 404: ErrorSerializer})
    def get(self, request: Request, code: str) -> Response:
        dossier = _visible_or_404(request, code)
        return Response(DossierDetailSerializer(dossier, context={"request": request}).data)


class DossierHistory(APIView):
    @extend_schema(responses={200: HistorySerializer(many=True), 404: ErrorSerializer})
    def get(self, request: Request, code: str) -> Response:
        dossier = _visible_or_404(request, code)
        return Response(HistorySerializer(selectors.history_of(dossier), many=True).data)


def _error(code: str, detail: str, http_status: int, errors=None) -> Response:
    body = {"code": code, "detail": detail}
    if errors:
        body["errors"] = errors
    return Response(body, status=http_status)


class DossierActionView(APIView):
    """POST one lifecycle action. 400 invalid input, 403 not allowed, 404 not visible,
    409 the dossier changed meanwhile (reload) or the action is impossible in its status."""

    action_name: str = ""

    def post(self, request: Request, code: str) -> Response:
        spec = ACTIONS[self.action_name]
        dossier = _visible_or_404(request, code)
        form = spec.input(data=request.data)
        if not form.is_valid():
            return _error(
                "invalid", _("Dữ liệu không hợp lệ."), status.HTTP_400_BAD_REQUEST, form.errors
            )
        data = dict(form.validated_data)
        expected = data.pop("expected_version")
        try:
            dossier = spec.service(
                dossier, actor=request.user, expected_version=expected, **spec.convert(data)
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else None
            return _error("invalid", " ".join(exc.messages), status.HTTP_400_BAD_REQUEST, errors)
        except PermissionDenied as exc:
            return _error("forbidden", str(exc), status.HTTP_403_FORBIDDEN)
        except ConflictError as exc:
            return _error("conflict", exc.message, status.HTTP_409_CONFLICT)
        except TransitionError as exc:
            return _error("transition", exc.message, status.HTTP_409_CONFLICT)
        return Response(DossierDetailSerializer(dossier, context={"request": request}).data)


def action_view(name: str):
    """A view class per action so the OpenAPI schema documents each request body."""
    spec = ACTIONS[name]

    @extend_schema(
        operation_id=f"dossier_{name}",
        summary=str(Action(name).label),
        request=spec.input,
        responses={
            200: DossierDetailSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    def post(self, request: Request, code: str) -> Response:
        return DossierActionView.post(self, request, code)

    class_name = f"{''.join(p.title() for p in name.split('_'))}ActionView"
    view = type(class_name, (DossierActionView,), {"action_name": name, "post": post})
    return view.as_view()
