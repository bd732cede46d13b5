"""Compliance services: the requests register's one write path, who may read the report, and
the report compiled from the files and the database as they are now."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Membership, Role
from motcua.core import audit
from motcua.core.text import clean_text, nfc

from .evidence import EvidenceError, bench_dir, git_state, load_benchmarks, load_results
from .evidence import results_path as default_results_path
from .models import SoftwareRequest
from .registry import Registry, load_registry
from .report import build_report

EDITABLE_FIELDS = (
    "agency",
    "reference",
    "received_on",
    "kind",
    "subject",
    "description",
    "status",
    "answer",
    "resolved_on",
    "criteria",
    "evidence_tests",
)


# --- access ---------------------------------------------------------------------------------


def can_view_report(user) -> bool:
    """Superusers and province administrators (an active membership in force today)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        Membership.objects.in_force(timezone.localdate())
        .filter(user=user, role=Role.PROVINCE_ADMIN, is_active=True)
        .exists()
    )


# --- requests register ----------------------------------------------------------------------


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def _normalise(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    for key in ("criteria", "evidence_tests"):
        if key in changes:
            changes[key] = _unique(changes[key] or [])
    for key in ("reference", "subject"):  # one line
        if key in changes:
            changes[key] = clean_text(changes[key] or "")
    for key in ("description", "answer"):  # paragraphs keep their line breaks
        if key in changes:
            changes[key] = nfc(changes[key] or "").strip()
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return {"id": value.pk, "name": str(value)}
    return value


@transaction.atomic
def register_request(*, actor, **fields: Any) -> SoftwareRequest:
    """Record an agency's request or complaint about the software."""
    request = SoftwareRequest(**_normalise(fields))
    request.full_clean()
    request.save()
    audit.record(
        "compliance.request.registered",
        actor=actor,
        obj=request,
        summary=request.subject,
        details={k: _plain(getattr(request, k)) for k in EDITABLE_FIELDS},
    )
    return request


@transaction.atomic
def update_request(request: SoftwareRequest, *, actor, **changes: Any) -> SoftwareRequest:
    """Change a request (progress, answer, linked evidence); the audit trail keeps each change."""
    current = SoftwareRequest.objects.select_for_update().get(pk=request.pk)
    changed = {}
    for key, value in _normalise(changes).items():
        before = getattr(current, key)
        if before != value:
            changed[key] = {"from": _plain(before), "to": _plain(value)}
            setattr(current, key, value)
    if not changed:
        return current
    current.full_clean()
    current.save()
    audit.record(
        "compliance.request.updated",
        actor=actor,
        obj=current,
        summary=current.subject,
        details={"changed": changed},
    )
    return current


# --- the report -----------------------------------------------------------------------------

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


def results_file() -> Path:
    return default_results_path(settings.VAR_DIR)


def artifact_file(artifact: str) -> Path | None:
    """The screenshot file behind an artifact path of the latest results, if it may be shown.

    Only paths the results list, inside the checkout the tests ran in, and images qualify.
    """
    try:
        results = load_results(results_file())
    except EvidenceError:
        return None
    if artifact not in results.artifacts() or results.root is None:
        return None
    path = results.artifact_file(artifact).resolve()
    if path.suffix.lower() not in IMAGE_SUFFIXES or not path.is_file():
        return None
    if not path.is_relative_to(results.root.resolve()):
        return None
    return path


def current_report(
    *,
    lang: str,
    results_from: Path | str | None = None,
    bench_from: Path | str | None = None,
    registry: Registry | None = None,
) -> dict[str, Any]:
    """The report from the latest results and bench files, the registry and the register.

    Raises ``ValidationError`` (Vietnamese message) when an evidence file is unreadable.
    """
    registry = registry or load_registry()
    try:
        results = load_results(results_from or results_file())
    except EvidenceError as exc:
        raise ValidationError(
            _("Tệp kết quả kiểm thử không đọc được: %(error)s"), params={"error": str(exc)}
        ) from exc
    benchmarks = load_benchmarks(bench_from or bench_dir(settings.VAR_DIR))
    requests = list(SoftwareRequest.objects.select_related("agency"))
    return build_report(
        registry=registry,
        results=results,
        benchmarks=benchmarks,
        requests=requests,
        lang=lang,
        produced_from=git_state(settings.BASE_DIR),
        system_name=settings.MOTCUA_SITE_NAME,
    )
