"""Root URLs. Public pages are language-prefixed for English (/en/…); Vietnamese has no prefix."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("motcua.api.urls")),
    path("tai-khoan/sso/", include("motcua.accounts.urls_sso")),
    path("", include("motcua.portal.root_urls")),  # sitemap.xml, robots.txt
    path("", include("motcua.ops.urls_probes")),  # healthz, readyz
]

urlpatterns += i18n_patterns(
    path("quan-tri/", admin.site.urls),
    path("tai-khoan/thong-bao/", include("motcua.notifications.urls")),
    path("tai-khoan/", include("motcua.accounts.urls")),
    path("mot-cua/thong-ke/", include("motcua.reports.urls")),
    path("mot-cua/luu-tru/", include("motcua.archive.urls")),
    path("mot-cua/", include("motcua.backoffice.urls")),
    path("he-thong/tuan-thu/", include("motcua.compliance.urls")),
    path("he-thong/", include("motcua.ops.urls")),
    path("thanh-toan/", include("motcua.payments.urls")),
    path("thong-ke/", include("motcua.reports.urls_public")),
    path("", include("motcua.documents.urls")),
    path("", include("motcua.feedback.urls")),
    path("", include("motcua.portal.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
