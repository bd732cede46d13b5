"""Health probes and the system administrator's operations pages (audit log, access statistics,
long operations). Permissions are checked by the services these views call."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import exports, health, services
from .models import LongOperation

# --- probes ------------------------------------------------------------------------------------


@never_cache
@require_GET
def healthz(request):
    """Liveness: the process answers. Touches nothing else, so a database outage does not make
    the orchestrator restart healthy web processes."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """Readiness: database, cache, file storage and (when configured) the task broker answer."""
    ready, results = health.readiness()
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": results},
        status=200 if ready else 503,
    )


# --- administrator's pages ---------------------------------------------------------------------


@login_required
@require_GET
def audit_log(request):
    selection = services.AuditFilter.from_params(request.GET)
    rows = services.audit_entries(request.user, selection)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = selection.as_params()
    return render(
        request,
        "ops/audit_log.html",
        {
            "page": page,
            "selection": selection,
            "query": query,
            "query_string": urlencode(query),
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
            "actions": services.audit_actions(),
        },
    )


@login_required
@require_GET
def audit_csv(request):
    selection = services.AuditFilter.from_params(request.GET)
    rows = services.audit_entries(request.user, selection)
    # The rows as they are now; the export's own entry below is not part of it.
    last = rows.order_by("-pk").values_list("pk", flat=True).first() or 0
    rows = rows.filter(pk__lte=last)
    services.record_audit_export(request.user, selection, "csv", rows.count())
    response = StreamingHttpResponse(
        exports.audit_csv(rows.iterator(chunk_size=2000)), content_type=exports.CSV_CONTENT_TYPE
    )
    name = f"nhat-ky-thao-tac-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _start(request, kind: str, params: dict[str, str], back: str):
    try:
        operation = services.start_operation(kind, owner=request.user, params=params)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    return redirect(operation.get_absolute_url())


@login_required
@require_POST
def audit_xlsx(request):
    selection = services.AuditFilter.from_params(request.POST)
    return _start(request, "ops.audit_xlsx", selection.as_params(), "ops:audit_log")


@login_required
@require_GET
def access_statistics(request):
    start, end = exports.access_params(request.GET)
    report = services.access_statistics(request.user, start, end)
    return render(
        request,
        "ops/access.html",
        {"report": report, "date_from": start, "date_to": end},
    )


@login_required
@require_POST
def access_xlsx(request):
    start, end = exports.access_params(request.POST)
    return _start(
        request,
        "ops.access_xlsx",
        {"date_from": start.isoformat(), "date_to": end.isoformat()},
        "ops:access",
    )


def _operation(request, pk) -> LongOperation:
    operation = services.visible_operation(request.user, pk)
    if operation is None:
        raise Http404
    return operation


@login_required
@require_GET
def operation(request, pk):
    """Progress of a long operation: the full page refreshes itself without JavaScript; with
    htmx only the progress block is fetched again every two seconds."""
    op = _operation(request, pk)
    kind = services.kind_of(op)
    template = "ops/includes/progress.html" if request.htmx else "ops/operation.html"
    return render(request, template, {"operation": op, "title": kind.title if kind else op.kind})


@login_required
@require_GET
def operation_download(request, pk):
    op = _operation(request, pk)
    if op.status != LongOperation.Status.DONE or not op.result:
        raise Http404
    return FileResponse(op.result.open("rb"), as_attachment=True, filename=op.result_name)
