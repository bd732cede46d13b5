"""Administrators' screens: officials' roles (PL2-6) and the layout of both faces' menus."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.accounts.models import Membership, User

from .. import services
from ..access import official_required
from ..forms import GrantRoleForm, OfficialSearchForm
from ..models import Face
from ..navigation import ADMINS, REGISTRY, settings_for
from .common import crumbs, paginate


@require_http_methods(["GET"])
@official_required(roles=ADMINS)
def roles(request):
    agencies = list(services.manageable_agencies(request.user).order_by("name")[:1000])
    form = OfficialSearchForm(request.GET, agencies=agencies)
    form.is_valid()
    query = form.cleaned_data.get("q", "")
    agency = form.cleaned_data.get("agency")
    today = timezone.localdate()
    in_scope = Membership.objects.filter(agency__in=services.manageable_agencies(request.user))
    if agency:
        in_scope = in_scope.filter(agency_id=agency)
    users = User.objects.filter(is_active=True)
    if query:
        # Searching finds any account (to give a first role); the list shows the unit's staff.
        users = users.filter(
            Q(username__icontains=query)
            | Q(full_name__icontains=query)
            | Q(email__iexact=query)
            | Q(phone=query)
        )
        if agency:
            users = users.filter(pk__in=in_scope.values("user_id"))
    else:
        users = users.filter(pk__in=in_scope.values("user_id"))
    users = users.order_by("full_name", "username").prefetch_related(
        Prefetch(
            "memberships",
            Membership.objects.filter(is_active=True)
            .in_force(today)
            .select_related("agency")
            .order_by("agency__name"),
            to_attr="current_roles",
        )
    )
    page, page_range = paginate(request, users)
    return render(
        request,
        "backoffice/roles.html",
        {
            "form": form,
            "page": page,
            "page_range": page_range,
            "breadcrumbs": crumbs((_("Phân quyền cán bộ"), None)),
        },
    )


@require_http_methods(["GET", "POST"])
@official_required(roles=ADMINS)
def role_user(request, user_id: int):
    person = get_object_or_404(User, pk=user_id)
    agencies = list(services.manageable_agencies(request.user).order_by("name")[:1000])
    manageable = {a.pk for a in agencies}
    roles_choices = services.grantable_roles(request.user)
    form = GrantRoleForm(agencies=agencies, roles=roles_choices)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            if "end" in request.POST:
                membership = get_object_or_404(
                    Membership.objects.select_related("agency", "user"),
                    pk=request.POST.get("end"),
                    user=person,
                )
                services.end_role(actor=request.user, membership=membership)
                messages.success(request, _("Đã thu hồi vai trò."))
                return redirect("backoffice:role_user", person.pk)
            form = GrantRoleForm(request.POST, agencies=agencies, roles=roles_choices)
            if form.is_valid():
                data = form.cleaned_data
                services.grant_role(
                    actor=request.user,
                    user=person,
                    agency=next(a for a in agencies if a.pk == data["agency"]),
                    role=data["role"],
                    valid_from=data["valid_from"],
                    valid_to=data["valid_to"],
                )
                messages.success(request, _("Đã giao vai trò."))
                return redirect("backoffice:role_user", person.pk)
            status = 400
        except ValidationError as exc:
            errors = exc.messages
            status = 400
        except PermissionDenied as exc:
            errors = [str(exc)]
            status = 403
    memberships = (
        Membership.objects.filter(user=person)
        .select_related("agency")
        .order_by("-is_active", "agency__name", "role")
    )
    today = timezone.localdate()
    rows = [
        (m, m.is_active and m.in_force_on(today), m.agency_id in manageable) for m in memberships
    ]
    return render(
        request,
        "backoffice/role_user.html",
        {
            "person": person,
            "rows": rows,
            "form": form,
            "errors": errors,
            "breadcrumbs": crumbs(
                (_("Phân quyền cán bộ"), reverse("backoffice:roles")), (str(person), None)
            ),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@official_required
def navigation(request):
    if not services.can_configure_navigation(request.user):
        raise PermissionDenied(_("Chỉ quản trị hệ thống tỉnh được sắp xếp chức năng."))
    face = request.GET.get("phan-he") or request.POST.get("face") or Face.BACKOFFICE
    if face not in REGISTRY:
        face = Face.BACKOFFICE
    errors: list[str] = []
    if request.method == "POST":
        try:
            if "reset" in request.POST:
                services.reset_navigation(actor=request.user, face=face)
                messages.success(request, _("Đã khôi phục bố cục mặc định."))
            else:
                groups, items = _posted_layout(request.POST, face)
                services.save_navigation(actor=request.user, face=face, groups=groups, items=items)
                messages.success(request, _("Đã lưu bố cục, thứ tự chức năng."))
            return redirect(f"{reverse('backoffice:navigation')}?phan-he={face}")
        except ValidationError as exc:
            errors = exc.messages
    groups, items = settings_for(face)
    return render(
        request,
        "backoffice/navigation.html",
        {
            "face": face,
            "faces": Face.choices,
            "groups": groups,
            "items": items,
            "errors": errors,
            "breadcrumbs": crumbs((_("Bố cục, thứ tự chức năng"), None)),
        },
        status=400 if errors else 200,
    )


def _posted_layout(data, face: str) -> tuple[list[dict], list[dict]]:
    definition = REGISTRY[face]

    def entry(prefix: str, key: str, with_group: bool) -> dict:
        row = {
            "key": key,
            "order": data.get(f"{prefix}-{key}-order"),
            "label_vi": data.get(f"{prefix}-{key}-label_vi", ""),
            "label_en": data.get(f"{prefix}-{key}-label_en", ""),
            "visible": data.get(f"{prefix}-{key}-visible") == "on",
        }
        if with_group:
            row["group"] = data.get(f"{prefix}-{key}-group", "")
        return row

    groups = [entry("g", g.key, False) for g in definition.groups]
    items = [entry("i", i.key, True) for i in definition.items]
    return groups, items
