"""sitemap.xml: every public catalogue page in both languages, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from motcua.catalog.search import search_procedures
from motcua.feedback.selectors import published_feedback

from . import selectors


class _Bilingual(Sitemap):
    i18n = True  # one <url> per language, reversed under that language (/…, /en/…)
    alternates = True
    x_default = True


class PageSitemap(_Bilingual):
    priority = 1.0
    changefreq = "daily"

    def items(self):
        return [
            "portal:home",
            "portal:procedure_list",
            "portal:field_list",
            "portal:agency_list",
            "portal:site_map",
            "portal:tracking",
            "reports_public:statistics",
            "feedback:public_list",
            "feedback:send",
            "feedback:help",
        ]

    def location(self, item):
        return reverse(item)


class FieldSitemap(_Bilingual):
    priority = 0.6

    def items(self):
        return selectors.fields_with_counts()

    def location(self, item):
        return reverse("portal:field_detail", args=[item.code])


class AgencySitemap(_Bilingual):
    priority = 0.6

    def items(self):
        return list(selectors.members(selectors.agency_groups()))

    def location(self, item):
        return reverse("portal:agency_detail", args=[item.code])


class ProcedureSitemap(_Bilingual):
    priority = 0.8
    changefreq = "weekly"

    def items(self):
        return search_procedures().order_by("national_code")

    def location(self, item):
        return reverse("portal:procedure_detail", args=[item.national_code])

    def lastmod(self, item):
        return item.updated_at


class FeedbackSitemap(_Bilingual):
    """Published answers to citizens' feedback (no sender data on those pages)."""

    priority = 0.4

    def items(self):
        return published_feedback().order_by("pk")

    def location(self, item):
        return reverse("feedback:public_detail", args=[item.pk])

    def lastmod(self, item):
        return item.published_at


SITEMAPS = {
    "pages": PageSitemap,
    "fields": FieldSitemap,
    "agencies": AgencySitemap,
    "procedures": ProcedureSitemap,
    "feedback": FeedbackSitemap,
}
