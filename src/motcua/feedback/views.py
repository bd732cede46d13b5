"""Portal pages: rating one's own dossier, sending feedback (phản ánh, kiến nghị), the public
list of answers, one's own feedback, and the help page (guides, FAQ, hotline)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from motcua.directory.models import Agency
from motcua.portal import access

from . import permissions, selectors, services
from .forms import FeedbackForm, RatingForm, rating_lines
from .models import Feedback, RatingChannel

PAGE_SIZE = 20
SENT_SESSION_KEY = "motcua_feedback_sent"


def _crumbs(*trail):
    return [(_("Trang chủ"), reverse("portal:home")), *trail]


def _page(request, qs):
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, page.paginator.get_elided_page_range(page.number, on_each_side=2)


# --- rating one's own dossier ------------------------------------------------------------------


def rating_panel_context(user, dossier, form: RatingForm | None = None) -> dict:
    """What the dossier page's "Đánh giá sự hài lòng" panel shows: the rating once given, the
    form to its owner once the dossier has its result, nothing before."""
    rating = selectors.rating_of(dossier)
    rateable = dossier.state in services.RATEABLE_STATES
    return {
        "dossier": dossier,
        "rating": rating,
        "rating_lines": rating_lines(rating) if rating else [],
        "shown": rating is not None or rateable,
        "can_rate": rating is None and rateable and permissions.is_owner(user, dossier),
        "form": form or RatingForm(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def rate(request, code: str):
    """The rating form of the dossier page, on its own page when it needs corrections."""
    dossier = access.visible_dossier(request, code)
    if not permissions.is_owner(request.user, dossier):
        raise PermissionDenied(_("Chỉ chủ hồ sơ được đánh giá hồ sơ này."))
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rate_as_applicant(dossier, form.rating_data(), user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Cảm ơn bạn đã đánh giá. Ý kiến của bạn giúp cơ quan phục vụ tốt hơn."),
            )
            return redirect(reverse("portal:my_dossier", args=[code]) + "#danh-gia")
    return render(
        request,
        "feedback/rate.html",
        rating_panel_context(request.user, dossier, form),
        status=400 if form.errors else 200,
    )


# --- feedback (phản ánh, kiến nghị) ---------------------------------------------------------


@require_GET
def public_list(request):
    page, page_range = _page(request, selectors.published_feedback())
    return render(
        request,
        "feedback/public_list.html",
        {
            "page": page,
            "page_range": page_range,
            "breadcrumbs": _crumbs((_("Phản ánh, kiến nghị"), None)),
        },
    )


@require_GET
def public_detail(request, pk: int):
    """One published answer, on its own page (the link sent to the sender)."""
    item = get_object_or_404(selectors.published_feedback(), pk=pk)
    return render(
        request,
        "feedback/public_detail.html",
        {
            "item": item,
            "breadcrumbs": _crumbs(
                (_("Phản ánh, kiến nghị"), reverse("feedback:public_list")), (item.reference, None)
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def send(request):
    user = request.user if request.user.is_authenticated else None
    initial = {"dossier_code": request.GET.get("ho_so", "")[:40]}
    if user is not None:
        initial |= {"sender_name": user.full_name, "sender_contact": user.phone or user.email}
    form = FeedbackForm(request.POST or None, initial=initial)
    limited = False
    if request.method == "POST":
        limited = is_ratelimited(
            request,
            group="feedback.send",
            key="ip",
            rate=settings.MOTCUA_RATE_FEEDBACK,
            method="POST",
            increment=True,
        )
        if limited:
            form.add_error(
                None, _("Bạn đã gửi quá nhiều phản ánh trong thời gian ngắn. Vui lòng thử lại sau.")
            )
        elif form.is_valid():
            data = form.cleaned_data
            try:
                item = services.receive_feedback(
                    agency=get_object_or_404(Agency, pk=form.agency_id()),
                    channel=RatingChannel.PORTAL,
                    kind=data["kind"],
                    subject=data["subject"],
                    content=data["content"],
                    sender_name=data["sender_name"],
                    sender_contact=data["sender_contact"],
                    dossier=form.dossier,
                    sender=user,
                    actor=user,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                sent = request.session.get(SENT_SESSION_KEY, [])
                request.session[SENT_SESSION_KEY] = [*sent[-19:], item.pk]
                return redirect("feedback:sent", pk=item.pk)
    status = 429 if limited else 400 if form.errors else 200
    return render(
        request,
        "feedback/send.html",
        {
            "form": form,
            "breadcrumbs": _crumbs(
                (_("Phản ánh, kiến nghị"), reverse("feedback:public_list")),
                (_("Gửi phản ánh, kiến nghị"), None),
            ),
        },
        status=status,
    )


def add_errors(form, exc: ValidationError) -> None:
    """Attach a service's error to the form fields it names (or to the form)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_GET
def sent(request, pk: int):
    """The confirmation with the reference — only in the browser session that sent it."""
    item = get_object_or_404(Feedback.objects.select_related("agency"), pk=pk)
    mine = request.user.is_authenticated and item.sender_id == request.user.pk
    if not mine and pk not in request.session.get(SENT_SESSION_KEY, []):
        raise Http404
    return render(
        request,
        "feedback/sent.html",
        {"item": item, "accept_due": services.accept_due(item), "mine": mine},
    )


@login_required
@require_GET
def mine(request):
    page, page_range = _page(request, selectors.feedback_of(request.user))
    return render(request, "feedback/mine.html", {"page": page, "page_range": page_range})


@login_required
@require_POST
def sender_satisfaction(request, pk: int):
    item = get_object_or_404(Feedback, pk=pk, sender=request.user)
    try:
        services.record_sender_satisfaction(
            item, request.POST.get("hai_long") == "1", actor=request.user
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Đã ghi nhận ý kiến của bạn về câu trả lời."))
    return redirect("feedback:mine")


# --- help ------------------------------------------------------------------------------------


@require_GET
def help_page(request):
    return render(
        request,
        "feedback/help.html",
        {
            "faq": selectors.faq(),
            "filing_enabled": settings.MOTCUA_PORTAL_FILING_ENABLED,
            "breadcrumbs": _crumbs((_("Hướng dẫn, câu hỏi thường gặp"), None)),
        },
    )
