"""Every URL pattern of the project, resolved at test time, with arguments filled from the demo
province where an object is needed. New apps' URLs are picked up without editing this file."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation


@dataclass(frozen=True)
class Route:
    name: str  # namespaced URL name
    url: str | None  # None: no argument values make it reverse (listed as skipped)
    callback: object


def _arguments(pattern) -> dict[str, str]:
    """Argument name → the regular expression its value must match."""
    converters = getattr(pattern, "converters", None)
    if converters:
        return {name: converter.regex for name, converter in converters.items()}
    regex = getattr(pattern, "regex", None)
    return dict.fromkeys(regex.groupindex, ".+") if regex is not None else {}


def _walk(resolver: URLResolver, namespaces: tuple[str, ...] = (), args=None) -> Iterator:
    for entry in resolver.url_patterns:
        found = {**(args or {}), **_arguments(entry.pattern)}
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry, inner, found)
        elif isinstance(entry, URLPattern) and entry.name:
            yield ":".join((*namespaces, entry.name)), entry, found


def demo_values() -> dict[str, list[str]]:
    """Candidate values per argument name, real objects of the demo province first."""
    from motcua.catalog.models import Procedure
    from motcua.directory.models import Agency, Field

    procedure = Procedure.objects.order_by("pk").first()
    field = Field.objects.order_by("pk").first()
    agency = Agency.objects.order_by("pk").first()
    dummy = str(uuid.uuid4())
    return {
        "national_code": [procedure.national_code] if procedure else ["1.000001"],
        "code": [c for c in (field and field.code, agency and agency.code) if c] or ["X"],
        "agency_code": [agency.code] if agency else ["X"],
        "key": [dummy],
        "uidb64": ["MQ"],
        "step": ["thong-tin"],
        "reference": ["X"],
        "provider_id": ["counter"],
        "app_label": ["core"],
    }


GENERIC = ["1", "x", str(uuid.uuid4()), "pdf", "2025"]
# Arguments that name different objects on different pages.
PER_ROUTE = {
    "portal:field_detail": lambda values: {"code": values["code"][0]},
    "portal:agency_detail": lambda values: {"code": values["agency_code"][0]},
}


def routes(*, language: str = "vi") -> list[Route]:
    values = demo_values()
    found: list[Route] = []
    seen: set[str] = set()
    with translation.override(language):
        for name, pattern, args in _walk(get_resolver()):
            if name in seen:
                continue
            seen.add(name)
            found.append(Route(name, _reverse(name, args, values), pattern.callback))
    return found


def _reverse(name: str, args: dict[str, str], values: dict[str, list[str]]) -> str | None:
    kwargs = PER_ROUTE[name](values) if name in PER_ROUTE else {}
    for arg, regex in args.items():
        if arg in kwargs:
            continue
        candidates = [*values.get(arg, []), *GENERIC]
        kwargs[arg] = next((c for c in candidates if re.fullmatch(regex, c)), candidates[0])
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None
