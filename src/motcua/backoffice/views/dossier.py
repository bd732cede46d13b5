"""The dossier page, its actions and the previews of its files."""

from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from motcua.documents.registry import FormKind
from motcua.documents.services import available_forms, can_sign_form
from motcua.dossiers import selectors as lifecycle_selectors
from motcua.dossiers.exceptions import ConflictError, TransitionError
from motcua.dossiers.models import DossierChannel, DossierFile, Task
from motcua.dossiers.services import _process, available_actions
from motcua.dossiers.states import Action

from .. import selectors
from ..access import official_required
from ..actions import ACTIONS, perform
from ..services import discard
from .common import collect_uploads, crumbs, with_uploads

# Actions the back office offers (the citizen's own actions never appear for an official).
OFFERED = [a for a in Action.values if a in ACTIONS]
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
PAPER_CHANNELS = frozenset({DossierChannel.COUNTER, DossierChannel.POST})


def _offered(dossier, user) -> list[str]:
    allowed = set(available_actions(dossier, user))
    return [a for a in OFFERED if a in allowed]


def _visible(request, code: str):
    dossier = (
        selectors.visible_dossiers(request.user)
        .filter(code=code)
        .select_related(*selectors.LIST_RELATED, "rule_version")
        .first()
    )
    if dossier is None:  # not there, or not in the user's scope: the same answer
        raise Http404(_("Không tìm thấy hồ sơ."))
    return dossier


@require_GET
@official_required
def dossier_page(request, code: str):
    dossier = selectors.dossier_for_page(request.user, code)
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    moments = selectors.Moments.at()
    tasks = list(dossier.tasks.all())
    steps = [t for t in tasks if t.kind == Task.Kind.STEP]
    legs = [t for t in tasks if t.kind != Task.Kind.STEP]
    return render(
        request,
        "backoffice/dossier.html",
        {
            "dossier": dossier,
            "actions": [(a, Action(a).label, ACTIONS[a]) for a in _offered(dossier, request.user)],
            "steps": steps,
            "planned": _planned_steps(dossier, steps),
            "legs": legs,
            "history": [
                (entry, _action_label(entry.action))
                for entry in lifecycle_selectors.history_of(dossier)
            ],
            "forms": _forms(request.user, dossier),
            "moments": moments,
            "timing": moments.timing(dossier.due_at) if dossier.state in _CLOCK_STATES else "",
            "breadcrumbs": crumbs((_("Tra cứu hồ sơ"), reverse("backoffice:search")), (code, None)),
        },
    )


_CLOCK_STATES = frozenset({"received", "processing"})


def _forms(user, dossier) -> list[tuple[str, str, str]]:
    """(label, PDF link, link of the PDF signed with the system's key or "") per form."""
    rows = []
    for kind in available_forms(dossier):
        url = reverse("documents:form_download", args=[dossier.code, kind, "pdf"])
        signed = f"{url}?ky=1" if can_sign_form(user, dossier, kind) else ""
        rows.append((FormKind(kind).label, url, signed))
    return rows


def _action_label(action: str) -> str:
    return Action(action).label if action in Action.values else action


def _planned_steps(dossier, steps: list[Task]):
    """Steps of the internal process not reached yet (shown greyed after the current one)."""
    current = next((t for t in steps if t.status == Task.Status.OPEN), None)
    if current is None or current.process_step_id is None:
        return []
    return [s for s in _process.steps_for(dossier) if s.order > current.order]


@require_http_methods(["GET", "POST"])
@official_required
def dossier_action(request, code: str, action: str):
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    dossier = _visible(request, code)
    page_url = reverse("backoffice:dossier", args=[code])
    if request.method == "GET":
        if action not in _offered(dossier, request.user):
            messages.warning(
                request,
                _("Thao tác này hiện không thực hiện được đối với hồ sơ %(code)s.")
                % {"code": code},
            )
            return redirect(page_url)
        form = spec.form(dossier=dossier, user=request.user)
        return _render_action(request, dossier, action, spec, form)
    form = spec.form(request.POST, request.FILES, dossier=dossier, user=request.user)
    form.kept, file_errors = collect_uploads(request, len(form.checklist()))
    status = 400
    if form.is_valid() and not file_errors:
        try:
            dossier = perform(action, form)
        except ConflictError as exc:
            # Someone else acted first: show the message over the fresh dossier.
            messages.error(request, exc.message)
            return _go(request, page_url)
        except TransitionError as exc:
            form.add_error(None, exc.message)
            status = 409
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))
            status = 403
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            discard(s for files in form.kept.values() for s in files)
            messages.success(
                request,
                _("Đã thực hiện “%(action)s” đối với hồ sơ %(code)s.")
                % {"action": Action(action).label, "code": code},
            )
            if action == Action.RECEIVE and dossier.channel in PAPER_CHANNELS:
                # As after a reception at the counter: the receipt (Mẫu 01) to print.
                return _go(request, reverse("backoffice:reception_done", args=[code]))
            return _go(request, page_url)
    return _render_action(request, dossier, action, spec, form, status, file_errors)


def _add_service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            form.add_error(target, [m for e in errors for m in e.messages])
    else:
        form.add_error(None, exc.messages)


def _go(request, url: str):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _render_action(request, dossier, action, spec, form, status=200, file_errors=None):
    template = "backoffice/includes/action_form.html" if request.htmx else "backoffice/action.html"
    rows = with_uploads(form.checklist(), form.kept, file_errors or {})
    in_rows = {f"{part}_{row.index}" for row in rows for part in ("form", "quantity", "status")}
    return render(
        request,
        template,
        {
            "dossier": dossier,
            "action": action,
            "label": Action(action).label,
            "spec": spec,
            "form": form,
            "rows": rows,
            "fields": [f for f in form.visible_fields() if f.name not in in_rows],
            "kept_any": any(row.kept for row in rows),
            "breadcrumbs": crumbs(
                (dossier.code, reverse("backoffice:dossier", args=[dossier.code])),
                (Action(action).label, None),
            ),
        },
        status=status,
    )


@require_GET
@official_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def dossier_file(request, code: str, pk: int):
    """A component file of a dossier the user may see; PDFs and images inline, framable by our
    own pages only (the dossier page previews them), other types as a download."""
    dossier = _visible(request, code)
    stored = get_object_or_404(DossierFile, pk=pk, component__dossier=dossier)
    inline = stored.content_type in INLINE_TYPES
    response = FileResponse(
        stored.file.open("rb"),
        content_type=stored.content_type,
        as_attachment=not inline,
        filename=stored.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
