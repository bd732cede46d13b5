"""Display helpers for the public pages: localised names, time limits, amounts in đồng."""

import re
from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import formats
from django.utils.translation import get_language, get_language_info, gettext, ngettext

from motcua.catalog.models import TimeUnit
from motcua.core.text import nfc
from motcua.portal import selectors

register = template.Library()


@register.filter
def localized_name(obj) -> str:
    """The English name in English when one is recorded, else the (Vietnamese) name."""
    english = getattr(obj, "name_en", "")
    if english and (get_language() or "").startswith("en"):
        return english
    return obj.name


def format_time_limit(value: Decimal | None, unit: str) -> str:
    """ "03 ngày làm việc", "0,5 ngày làm việc" ("3 working days" in English)."""
    if value is None:
        return gettext("Không quy định thời hạn")
    if value != value.to_integral_value():
        number = formats.number_format(value.normalize(), use_l10n=True)
        return {
            TimeUnit.WORKING_HOURS: gettext("%(value)s giờ làm việc"),
            TimeUnit.WORKING_DAYS: gettext("%(value)s ngày làm việc"),
            TimeUnit.CALENDAR_DAYS: gettext("%(value)s ngày"),
            TimeUnit.MONTHS: gettext("%(value)s tháng"),
        }[unit] % {"value": number}
    count = int(value)
    # Vietnamese official documents write time limits with two digits: "03 ngày làm việc".
    return {
        TimeUnit.WORKING_HOURS: ngettext(
            "%(count)02d giờ làm việc", "%(count)02d giờ làm việc", count
        ),
        TimeUnit.WORKING_DAYS: ngettext(
            "%(count)02d ngày làm việc", "%(count)02d ngày làm việc", count
        ),
        TimeUnit.CALENDAR_DAYS: ngettext("%(count)02d ngày", "%(count)02d ngày", count),
        TimeUnit.MONTHS: ngettext("%(count)02d tháng", "%(count)02d tháng", count),
    }[unit] % {"count": count}


@register.filter
def time_limit(case) -> str:
    return format_time_limit(case.time_limit, case.time_unit)


@register.filter
def vnd(amount) -> str:
    """ "8.000 đồng" ("VND 8,000" in English)."""
    # Django's Vietnamese formats set no NUMBER_GROUPING, so group by thousands here.
    digits = f"{int(amount):,}".replace(",", formats.get_format("THOUSAND_SEPARATOR"))
    return gettext("%(amount)s đồng") % {"amount": digits}


# Steps are often published as one paragraph "Bước 1: … Bước 2: …"; split them for reading.
_STEP = re.compile(r"\s*\n\s*|\s+(?=Bước\s+\d+\s*[:.])")


@register.filter
def steps(text: str) -> list[str]:
    return [part for part in _STEP.split(text or "") if part.strip()]


@register.simple_tag(takes_context=True)
def language_options(context) -> list[dict]:
    """Each language with the address of this page in it.

    Computed here, under the page's own language, because ``set_language`` resolves ``next``
    under the default language and cannot translate an /en/… address back to Vietnamese.
    """
    request = context.get("request")
    here = request.get_full_path() if request else "/"
    current = get_language()
    return [
        {
            "code": code,
            # Django's own "Tiếng Việt" is decomposed (NFD); we serve NFC text only.
            "name": nfc(get_language_info(code)["name_local"]),
            "next": translate_url(here, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.inclusion_tag("includes/site_contact.html")
def site_contact():
    return {"centre": selectors.service_centre()}


@register.filter
def action_label(value: str) -> str:
    """The label of a lifecycle action recorded in a dossier's history."""
    from motcua.dossiers.states import Action

    try:
        return str(Action(value).label)
    except ValueError:
        return value
