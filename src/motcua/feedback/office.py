"""Back-office pages: the feedback addressed to the official's agencies (accept or refuse,
answer, publish) and the desk's rating tablet for a dossier whose result was returned."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.backoffice import selectors as backoffice
from motcua.backoffice.access import official_required
from motcua.backoffice.views.common import crumbs, paginate

from . import permissions, selectors, services
from .forms import AnswerForm, RatingForm, RefuseForm, rating_lines
from .views import add_errors

TAB_LABELS = {
    "received": _("Chờ tiếp nhận"),
    "processing": _("Đang xử lý"),
    "answered": _("Đã trả lời"),
    "refused": _("Từ chối"),
    "all": _("Tất cả"),
}


def _list_crumbs(*trail):
    return crumbs((_("Phản ánh, kiến nghị"), reverse("feedback:office_list")), *trail)


@require_GET
@official_required(roles=permissions.HANDLER_ROLES)
def office_list(request):
    tab = request.GET.get("tab", "received")
    tab = tab if tab in selectors.OFFICE_TABS else "received"
    rows, counts = selectors.office_list(request.user, tab)
    page, page_range = paginate(request, rows)
    return render(
        request,
        "feedback/office/list.html",
        {
            "tab": tab,
            "tabs": [(key, str(TAB_LABELS[key]), counts[key]) for key in selectors.OFFICE_TABS],
            "page": page,
            "page_range": page_range,
            "moments": backoffice.Moments.at(),
            "breadcrumbs": crumbs((_("Phản ánh, kiến nghị"), None)),
        },
    )


def _detail(request, item, *, refuse_form=None, answer_form=None, status: int = 200):
    dossier_visible = (
        item.dossier_id is not None
        and backoffice.visible_dossiers(request.user).filter(pk=item.dossier_id).exists()
    )
    return render(
        request,
        "feedback/office/detail.html",
        {
            "item": item,
            "accept_due": services.accept_due(item),
            "moments": backoffice.Moments.at(),
            "dossier_visible": dossier_visible,
            "refuse_form": refuse_form or RefuseForm(),
            "answer_form": answer_form or AnswerForm(),
            "breadcrumbs": _list_crumbs((item.reference, None)),
        },
        status=status,
    )


@require_GET
@official_required(roles=permissions.HANDLER_ROLES)
def office_detail(request, pk: int):
    return _detail(request, selectors.handled_item(request.user, pk))


def _act(request, pk: int, perform, done: str, *, form=None, form_name: str = ""):
    """Run ``perform(item)``; on success back to the item saying ``done``, else the item again
    with the error (nothing was written): 400 for bad input, 409 when the item has moved on."""
    item = selectors.handled_item(request.user, pk)
    try:
        perform(item)
    except ValidationError as exc:
        if form is not None and hasattr(exc, "error_dict"):
            add_errors(form, exc)
        else:
            messages.error(request, " ".join(exc.messages))
        item.refresh_from_db()
        bad_input = form is not None and bool(form.errors)
        forms = {form_name: form} if form is not None else {}
        return _detail(request, item, **forms, status=400 if bad_input else 409)
    messages.success(request, done)
    return redirect("feedback:office_detail", pk=pk)


@require_POST
@official_required(roles=permissions.HANDLER_ROLES)
def office_accept(request, pk: int):
    return _act(
        request,
        pk,
        lambda item: services.accept_feedback(item, accept=True, actor=request.user),
        _("Đã tiếp nhận phản ánh, kiến nghị; hạn trả lời đã được tính."),
    )


@require_POST
@official_required(roles=permissions.HANDLER_ROLES)
def office_refuse(request, pk: int):
    form = RefuseForm(request.POST)
    form.is_valid()
    return _act(
        request,
        pk,
        lambda item: services.accept_feedback(
            item,
            accept=False,
            reason=form.cleaned_data.get("reason", ""),
            actor=request.user,
        ),
        _("Đã từ chối tiếp nhận phản ánh, kiến nghị."),
        form=form,
        form_name="refuse_form",
    )


@require_POST
@official_required(roles=permissions.HANDLER_ROLES)
def office_answer(request, pk: int):
    form = AnswerForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    return _act(
        request,
        pk,
        lambda item: services.answer_feedback(
            item,
            answer=data.get("answer", ""),
            outcome=data.get("outcome", ""),
            publish=bool(data.get("publish")),
            actor=request.user,
        ),
        _("Đã gửi trả lời phản ánh, kiến nghị."),
        form=form,
        form_name="answer_form",
    )


@require_POST
@official_required(roles=permissions.HANDLER_ROLES)
def office_publish(request, pk: int):
    return _act(
        request,
        pk,
        lambda item: services.publish_answer(item, actor=request.user),
        _("Đã công khai câu trả lời trên Cổng Dịch vụ công."),
    )


# --- rating at the desk ------------------------------------------------------------------------


def _counter_dossier(request, code: str):
    dossier = (
        backoffice.visible_dossiers(request.user)
        .filter(code=code)
        .select_related(*backoffice.LIST_RELATED)
        .first()
    )
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    if not permissions.may_record_at_counter(request.user, dossier):
        raise PermissionDenied(
            _("Chỉ cán bộ trả kết quả của nơi tiếp nhận hồ sơ được mở đánh giá tại quầy.")
        )
    return dossier


@require_http_methods(["GET", "POST"])
@official_required(roles=permissions.COUNTER_ROLES)
def kiosk(request, code: str):
    """The page the desk's tablet shows the applicant: the same questions as on the portal,
    large touch targets, nothing else to click."""
    dossier = _counter_dossier(request, code)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rate_at_counter(dossier, form.rating_data(), official=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("feedback:kiosk_done", code=code)
    rating = selectors.rating_of(dossier)
    return render(
        request,
        "feedback/kiosk.html",
        {
            "dossier": dossier,
            "rating": rating,
            "rating_lines": rating_lines(rating) if rating else [],
            "refusal": None if rating else services.rating_refusal(dossier),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_GET
@official_required(roles=permissions.COUNTER_ROLES)
def kiosk_done(request, code: str):
    dossier = _counter_dossier(request, code)
    return render(
        request,
        "feedback/kiosk_done.html",
        {"dossier": dossier},
    )
