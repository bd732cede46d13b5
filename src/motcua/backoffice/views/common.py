"""Shared by the back office's views: paging, htmx partials, breadcrumbs, scans kept across a
refused form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from .. import services
from ..forms_checklist import ChecklistRow
from ..models import StashedUpload

PAGE_SIZE = 25


def paginate(request, qs: QuerySet, size: int = PAGE_SIZE):
    page = Paginator(qs, size).get_page(request.GET.get("page"))
    return page, page.paginator.get_elided_page_range(page.number, on_each_side=2)


def render_list(request, template: str, partial: str, context: dict):
    """The whole page, or only the list for an htmx request (not for a history restore)."""
    use_partial = request.htmx and not request.htmx.history_restore_request
    response = render(request, partial if use_partial else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def crumbs(*trail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Một cửa điện tử"), reverse("backoffice:home")), *trail]


def session_key(request) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


def collect_uploads(
    request, count: int
) -> tuple[dict[int, list[StashedUpload]], dict[int, list[str]]]:
    """Per checklist row ``0..count-1`` of a posted form: the files kept from an earlier refused
    post (less those the officer ticked "Bỏ tệp này") and the files uploaded now, each checked at
    once by content and size. A refused file is reported under its row and not kept."""
    key = session_key(request)
    kept: dict[int, list[StashedUpload]] = {}
    errors: dict[int, list[str]] = {}
    for index in range(count):
        removed = set(request.POST.getlist(f"remove_{index}"))
        tokens = [t for t in request.POST.getlist(f"stash_{index}") if t not in removed]
        kept[index] = services.stashed(tokens, user=request.user, session_key=key)
        services.discard(services.stashed(removed, user=request.user, session_key=key))
        for upload in request.FILES.getlist(f"file_{index}"):
            try:
                kept[index].append(
                    services.stash_upload(upload, user=request.user, session_key=key)
                )
            except ValidationError as exc:
                errors.setdefault(index, []).extend(exc.messages)
    return kept, errors


def with_uploads(
    rows: list[ChecklistRow], kept: dict[int, list[StashedUpload]], errors: dict[int, list[str]]
) -> list[ChecklistRow]:
    for row in rows:
        row.kept = kept.get(row.index, [])
        row.errors = errors.get(row.index, [])
    return rows
