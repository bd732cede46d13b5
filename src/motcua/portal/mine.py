"""The citizen's own pages: "Hồ sơ của tôi" (list, detail with the history down to the unit
that holds the dossier, supplements, withdrawal or stop, results) and "Giấy tờ của tôi"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.acting import acting_organisation
from motcua.documents.registry import FormKind
from motcua.documents.services import available_forms
from motcua.dossiers import selectors
from motcua.dossiers import services as lifecycle
from motcua.dossiers.exceptions import LifecycleError
from motcua.dossiers.models import DossierFile, SupplementRequest
from motcua.dossiers.permissions import current_step
from motcua.dossiers.states import Action, NationalStatus, State
from motcua.notifications.models import Notification

from . import access, services
from .forms import DocumentForm, WithdrawForm

PAGE_SIZE = 20
# The applicant's own ways out, whichever the dossier's rules allow (ADR 0005): withdrawal
# before reception (and until the decision under the 2018–2021 rules), a stop request after.
WAYS_OUT = (Action.REQUEST_WITHDRAWAL, Action.STOP_AT_APPLICANT_REQUEST)


@login_required
def dossier_list(request):
    organisation = acting_organisation(request)
    qs = access.my_dossiers(request)
    status = request.GET.get("trang_thai", "")
    if status.isdigit() and int(status) in NationalStatus.values:
        qs = qs.filter(national_status=int(status))
    query = request.GET.get("q", "").strip()
    if query:
        qs = selectors.search(qs, query)
    page = Paginator(qs.order_by("-submitted_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/mine/list.html",
        {
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
            "organisation": organisation,
            "drafts": services.drafts_of(request.user, organisation),
            "statuses": NationalStatus.choices,
            "status": status,
            "query": query,
        },
    )


@login_required
def dossier_detail(request, code: str):
    dossier = access.visible_dossier(request, code)
    allowed = set(lifecycle.available_actions(dossier, request.user))
    open_request = (
        dossier.supplements.filter(status=SupplementRequest.Status.OPEN)
        .order_by("-requested_at")
        .first()
    )
    step = current_step(dossier)
    files = DossierFile.objects.filter(component__dossier=dossier).select_related("component")
    return render(
        request,
        "portal/mine/detail.html",
        {
            "dossier": dossier,
            "history": selectors.history_of(dossier),
            "holder": step.agency if step else None,
            "step": step,
            "components": dossier.components.all(),
            "files": files,
            "results": dossier.results.exclude(file=""),
            "fees": dossier.fees.all(),
            "supplement": open_request,
            "supplements": dossier.supplements.order_by("requested_at"),
            "can_answer": bool(
                open_request and {Action.RECEIVE_SUPPLEMENT, Action.RESUBMIT} & allowed
            ),
            "way_out": next((a for a in WAYS_OUT if a in allowed), ""),
            "forms": [(kind, FormKind(kind).label) for kind in available_forms(dossier)],
            "notifications": Notification.objects.filter(
                recipient=request.user,
                channel="in_app",
                related_type="dossiers.dossier",
                related_id=str(dossier.pk),
            ).order_by("-created_at")[:20],
            "withdraw_form": WithdrawForm(),
            "max_mb": services.max_upload_mb(),
            "types": services.ALLOWED_LABEL,
            "accept": services.ACCEPT,
            "State": State,
        },
    )


@login_required
@require_POST
def supplement(request, code: str):
    """Answer the open supplement request: files per requested item, and a note."""
    dossier = access.visible_dossier(request, code)
    request_row = dossier.supplements.filter(status=SupplementRequest.Status.OPEN).first()
    if request_row is None:
        messages.error(request, _("Hồ sơ không có yêu cầu bổ sung nào đang chờ."))
        return redirect("portal:my_dossier", code=code)
    uploads = {
        item: request.FILES.getlist(f"item-{index}")
        for index, item in enumerate(request_row.items)
        if request.FILES.getlist(f"item-{index}")
    }
    try:
        services.answer_supplement(
            dossier,
            user=request.user,
            expected_version=_version(request),
            uploads=uploads,
            note=request.POST.get("note", ""),
            organisation=acting_organisation(request),
        )
    except (ValidationError, PermissionDenied, LifecycleError) as exc:
        for message in _messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã gửi hồ sơ bổ sung. Cơ quan sẽ tiếp tục giải quyết."))
    return redirect("portal:my_dossier", code=code)


@login_required
@require_POST
def withdraw(request, code: str):
    """Ask to withdraw the dossier, or to stop it once received (2025 rules)."""
    dossier = access.visible_dossier(request, code)
    form = WithdrawForm(request.POST)
    allowed = lifecycle.available_actions(dossier, request.user)
    action = next((a for a in WAYS_OUT if a in allowed), None)
    if action is None:
        messages.error(request, _("Không thể rút hoặc dừng hồ sơ ở trạng thái hiện tại."))
    elif not form.is_valid():
        messages.error(request, _("Vui lòng nêu lý do."))
    else:
        service = (
            lifecycle.request_withdrawal
            if action == Action.REQUEST_WITHDRAWAL
            else lifecycle.stop_at_applicant_request
        )
        try:
            service(
                dossier,
                actor=request.user,
                expected_version=_version(request),
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, PermissionDenied, LifecycleError) as exc:
            for message in _messages(exc):
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Đã gửi yêu cầu rút hồ sơ.")
                if action == Action.REQUEST_WITHDRAWAL
                else _("Hồ sơ đã được dừng giải quyết theo yêu cầu của bạn."),
            )
    return redirect("portal:my_dossier", code=code)


def _version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else -1  # a missing version is a stale page


def _messages(exc) -> list[str]:
    if isinstance(exc, LifecycleError):
        return [exc.message]
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc)]


@login_required
def dossier_file(request, code: str, pk: int):
    """A file of a dossier the user may see, streamed (never a file of another dossier)."""
    dossier = access.visible_dossier(request, code)
    item = get_object_or_404(DossierFile, pk=pk, component__dossier=dossier)
    return _stream(item.file, item.original_name, item.content_type)


def _stream(field_file, name: str, content_type: str) -> FileResponse:
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- "Giấy tờ của tôi" --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def documents(request):
    organisation = acting_organisation(request)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.store_document(
                user=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                organisation=organisation,
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("Đã thêm giấy tờ vào kho."))
            return redirect("portal:my_documents")
    return render(
        request,
        "portal/mine/documents.html",
        {
            "form": form,
            "organisation": organisation,
            "documents": services.documents_of(request.user, organisation)[:500],
            "results": services.results_of(request.user, organisation)[:200],
            "max_mb": services.max_upload_mb(),
            "types": services.ALLOWED_LABEL,
            "accept": services.ACCEPT,
        },
        status=400 if form.errors else 200,
    )


@login_required
def document_download(request, pk: int):
    document = get_object_or_404(services.StoredDocument, pk=pk)
    if not services.document_visible(document, request.user):
        raise Http404
    return _stream(document.file, document.original_name, document.content_type)


@login_required
@require_POST
def document_hide(request, pk: int):
    document = get_object_or_404(services.StoredDocument, pk=pk, hidden_at__isnull=True)
    if not services.document_visible(document, request.user):
        raise Http404
    services.hide_document(document, user=request.user)
    messages.success(request, _("Đã bỏ giấy tờ khỏi kho."))
    return redirect("portal:my_documents")
