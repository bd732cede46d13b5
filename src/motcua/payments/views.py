"""Fee payment pages: the owner's (pay, follow the attempt, receipt), the officers' (desk
payments, transfer confirmation, attempts, export, statement import) and the gateways' callbacks.
Every page works without JavaScript; htmx only refreshes the status of a pending attempt."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.backoffice.access import official_required
from motcua.dossiers.exceptions import LifecycleError
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import can_view
from motcua.dossiers.selectors import get_visible

from . import exports, receipts, registry, services, statements
from .base import Instructions, Redirect, Verdict
from .forms import (
    ConfirmTransferForm,
    CounterPaymentForm,
    PayForm,
    PaymentFilterForm,
    StatementForm,
)
from .models import Payment, PaymentEvent, PaymentStatus
from .money import dong

logger = logging.getLogger(__name__)
EXPORT_LIMIT = 50_000


def _crumbs(*items):
    return [(_("Trang chủ"), reverse("portal:home")), *items]


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- the owner ----------------------------------------------------------------------------


def _owned_dossier(request, code: str) -> Dossier:
    dossier = (
        Dossier.objects.filter(code=code, owner_id=request.user.pk)
        .select_related("procedure_version__procedure", "receiving_agency")
        .first()
    )
    if dossier is None:  # not theirs, or no such dossier: the same answer
        raise Http404
    return dossier


def _owned_payment(request, reference: str) -> Payment:
    payment = (
        Payment.objects.filter(reference=reference, dossier__owner_id=request.user.pk)
        .select_related("dossier__procedure_version__procedure")
        .first()
    )
    if payment is None:
        raise Http404
    return payment


@login_required
def index(request):
    """The signed-in citizen's dossiers with fees due and their recent payments."""
    owned = Dossier.objects.filter(owner_id=request.user.pk)
    due = (
        owned.filter(state__in=services.PAYABLE_STATES, fees__status="due")
        .distinct()
        .select_related("procedure_version__procedure")
        .order_by("-submitted_at")
    )
    payments = (
        Payment.objects.filter(dossier__in=owned)
        .select_related("dossier")
        .order_by("-created_at")[:20]
    )
    return render(
        request,
        "payments/index.html",
        {
            "dossiers": due,
            "payments": payments,
            "breadcrumbs": _crumbs((_("Thanh toán phí, lệ phí"), None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_payment(request, code: str):
    dossier = _owned_dossier(request, code)
    providers = registry.for_citizens()
    form = PayForm(
        request.POST or None,
        providers=providers,
        initial={"idempotency_key": uuid.uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        provider_id = form.cleaned_data["provider"]
        try:
            started = services.start_payment(
                dossier,
                actor=request.user,
                provider_id=provider_id,
                return_url=request.build_absolute_uri(
                    reverse("payments:return", kwargs={"provider_id": provider_id})
                ),
                idempotency_key=form.cleaned_data["idempotency_key"],
                client_ip=request.META.get("REMOTE_ADDR", ""),
                language=get_language(),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if isinstance(started.action, Redirect):
                return redirect(started.action.url)
            return redirect("payments:attempt", reference=started.payment.reference)
    fees = list(dossier.fees.order_by("id"))
    due = [f for f in fees if f.status == "due"]
    response = render(
        request,
        "payments/dossier.html",
        {
            "dossier": dossier,
            "fees": fees,
            "due_total": services.total(due),
            "can_pay": services.can_pay_online(request.user, dossier),
            "form": form,
            "methods": list(zip(form["provider"], [p.description for p in providers], strict=True)),
            "payments": dossier.payments.order_by("-created_at")[:10],
            "breadcrumbs": _crumbs(
                (_("Thanh toán phí, lệ phí"), reverse("payments:index")), (dossier.code, None)
            ),
        },
    )
    # The form posts here and we redirect to the gateway: Chromium applies the page's
    # form-action directive to that redirect, so the gateway's origin must be allowed.
    targets = sorted({origin for p in providers for origin in p.allowed_form_targets()})
    if targets:
        response._csp_update = {"form-action": targets}
    return response


def _attempt_context(request, payment: Payment) -> dict:
    action = None
    provider = registry.find(payment.provider)
    if provider is not None and payment.is_open and not provider.has_callbacks:
        started = provider.start(payment, return_url="", client_ip="", language=get_language())
        action = started if isinstance(started, Instructions) else None
    return {
        "payment": payment,
        "dossier": payment.dossier,
        "provider_label": provider.label if provider else payment.provider,
        "instructions": action,
        "gateway_said_paid": payment.is_open
        and payment.events.filter(
            kind=PaymentEvent.Kind.RETURN, outcome="awaiting_notification"
        ).exists(),
        "status_url": reverse("payments:attempt_status", kwargs={"reference": payment.reference}),
    }


@login_required
def attempt(request, reference: str):
    payment = _owned_payment(request, reference)
    context = _attempt_context(request, payment)
    context["breadcrumbs"] = _crumbs(
        (_("Thanh toán phí, lệ phí"), reverse("payments:index")),
        (payment.dossier.code, reverse("payments:dossier", kwargs={"code": payment.dossier.code})),
        (payment.reference, None),
    )
    return render(request, "payments/attempt.html", context)


@login_required
def attempt_status(request, reference: str):
    """The status block alone, polled by htmx while the attempt is pending."""
    payment = _owned_payment(request, reference)
    if not request.htmx:
        return redirect("payments:attempt", reference=reference)
    return render(
        request, "payments/includes/attempt_status.html", _attempt_context(request, payment)
    )


@login_required
def receipt(request, reference: str):
    payment = (
        Payment.objects.filter(reference=reference)
        .select_related("dossier__procedure_version__procedure", "dossier__receiving_agency")
        .first()
    )
    if (
        payment is None
        or payment.status != PaymentStatus.SUCCEEDED
        or not can_view(request.user, payment.dossier)
    ):
        raise Http404
    rendered = receipts.receipt_pdf(payment)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'inline; filename="{rendered.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- gateways -----------------------------------------------------------------------------


@require_GET
def gateway_return(request, provider_id: str):
    """Where the gateway sends the browser back. It shows our record of the attempt, never
    the browser's parameters: those only count once the gateway confirms them (IPN)."""
    result = services.handle_callback(provider_id, request.GET.dict(), kind="return")
    if result.payment is None or result.verdict == Verdict.BAD_SIGNATURE:
        return render(
            request,
            "payments/error.html",
            {
                "message": _(
                    "Không xác nhận được thông tin do cổng thanh toán gửi về. Nếu tài khoản của "
                    "bạn đã bị trừ tiền, khoản nộp sẽ được ghi nhận khi cổng thanh toán xác nhận "
                    "giao dịch; bạn có thể theo dõi trong mục Thanh toán phí, lệ phí."
                )
            },
            status=400,
        )
    return redirect("payments:attempt", reference=result.payment.reference)


@csrf_exempt  # a server-to-server call, authenticated by its HMAC signature
@require_http_methods(["GET", "POST"])
def gateway_ipn(request, provider_id: str):
    try:
        provider = registry.get(provider_id)
    except LookupError:
        raise Http404 from None
    if not provider.has_callbacks:
        raise Http404
    params = (request.POST if request.method == "POST" else request.GET).dict()
    try:
        verdict = services.handle_callback(provider_id, params, kind="ipn").verdict
    except Exception:  # answer "error" so the gateway retries, and keep the trace
        logger.exception("Payment notification failed for %s", provider_id)
        verdict = Verdict.ERROR
    content_type, body = provider.callback_reply(verdict)
    return HttpResponse(body, content_type=content_type)


# --- officers -----------------------------------------------------------------------------


def _officer_crumbs(*items):
    return _crumbs((_("Giao dịch thanh toán"), reverse("payments:officer_list")), *items)


def _provider_choices() -> list[tuple[str, str]]:
    return [(p.id, p.label) for p in registry.enabled()]


def _filtered(request):
    form = PaymentFilterForm(request.GET or None, providers=_provider_choices())
    qs = services.payments_visible_to(request.user).select_related("dossier__receiving_agency")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            term = data["q"].strip()
            qs = qs.filter(Q(reference__iexact=term) | Q(dossier__code__icontains=term))
        for name in ("status", "provider", "settlement"):
            if data[name]:
                qs = qs.filter(**{name: data[name]})
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            start = dt.datetime.combine(data["date_from"], dt.time.min, tzinfo=tz)
            qs = qs.filter(created_at__gte=start)
        if data["date_to"]:
            end = dt.datetime.combine(
                data["date_to"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz
            )
            qs = qs.filter(created_at__lt=end)
    return form, qs.order_by("-created_at", "-id")


@official_required
def officer_list(request):
    form, qs = _filtered(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "payments/officer/list.html",
        {
            "form": form,
            "page_obj": page,
            "query": query.urlencode(),
            "breadcrumbs": _crumbs((_("Giao dịch thanh toán"), None)),
        },
    )


@official_required
def officer_export(request):
    _form, qs = _filtered(request)
    content = exports.payments_xlsx(
        qs.select_related("dossier__procedure_version__procedure")[:EXPORT_LIMIT]
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="giao-dich-thanh-toan-{stamp}.xlsx"'
    return response


@official_required
@require_http_methods(["GET", "POST"])
def officer_dossier(request, code: str):
    dossier = get_visible(request.user, code)
    if dossier is None:
        raise Http404
    due = list(services.fees_due(dossier))
    can_record = services.can_record_payment(request.user, dossier) and bool(due)
    counter_form = None
    if can_record:
        counter_form = CounterPaymentForm(
            request.POST or None, due_fees=due, initial={"version": dossier.version}
        )
    if request.method == "POST":
        if counter_form is None:
            raise PermissionDenied(_("Bạn không được ghi nhận nộp phí cho hồ sơ này."))
        if counter_form.is_valid():
            data = counter_form.cleaned_data
            try:
                payment = services.record_counter_payment(
                    dossier,
                    actor=request.user,
                    expected_version=data["version"],
                    method=data["method"],
                    receipt_number=data["receipt_number"],
                    fee_ids=data["fee_ids"],
                )
            except ValidationError as exc:
                _add_errors(counter_form, exc)
            except (LifecycleError, PermissionDenied) as exc:
                counter_form.add_error(None, str(getattr(exc, "message", "") or exc))
            else:
                messages.success(
                    request,
                    _("Đã ghi nhận nộp %(amount)s (biên lai %(receipt)s).")
                    % {"amount": dong(payment.amount), "receipt": payment.receipt_number},
                )
                return redirect("payments:officer_dossier", code=dossier.code)
    payments = list(dossier.payments.select_related("confirmed_by").order_by("-created_at"))
    confirmable = {p.pk for p in payments if can_record_or_late(request.user, dossier, p)}
    return render(
        request,
        "payments/officer/dossier.html",
        {
            "dossier": dossier,
            "fees": list(dossier.fees.order_by("id")),
            "due_total": services.total(due),
            "counter_form": counter_form,
            "payments": payments,
            "confirmable": confirmable,
            "confirm_form": ConfirmTransferForm(),
            "breadcrumbs": _officer_crumbs((dossier.code, None)),
        },
    )


def can_record_or_late(user, dossier: Dossier, payment: Payment) -> bool:
    """Transfers an officer may confirm: any not yet succeeded, expired or replaced ones too."""
    provider = registry.find(payment.provider)
    return (
        provider is not None
        and provider.manual_confirmation
        and payment.status != PaymentStatus.SUCCEEDED
        and services.can_record_payment(user, dossier)
    )


@official_required
@require_POST
def officer_confirm(request, reference: str):
    payment = services.payments_visible_to(request.user).filter(reference=reference).first()
    if payment is None:
        raise Http404
    form = ConfirmTransferForm(request.POST)
    if form.is_valid():
        try:
            services.confirm_transfer(
                payment, actor=request.user, bank_reference=form.cleaned_data["bank_reference"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("Bạn không có quyền xác nhận giao dịch này."))
        else:
            payment.refresh_from_db()
            messages.success(
                request,
                _("Đã xác nhận giao dịch %(ref)s.") % {"ref": payment.reference}
                + (" " + payment.settlement_note if payment.settlement_note else ""),
            )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("payments:officer_dossier", code=payment.dossier.code)


@official_required
@require_http_methods(["GET", "POST"])
def officer_statement(request):
    form = StatementForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = statements.parse_csv(form.cleaned_data["file"].read())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            report = services.import_statement(rows, actor=request.user)
    return render(
        request,
        "payments/officer/statement.html",
        {
            "form": form,
            "report": report,
            "breadcrumbs": _officer_crumbs((_("Đối soát sao kê ngân hàng"), None)),
        },
    )
