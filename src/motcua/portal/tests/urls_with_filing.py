"""The project's URLs plus a stand-in for the portal's own submission wizard
(``portal:submit_start``, built in a later issue), to test the "Nộp hồ sơ trực tuyến" switch."""

from django.http import HttpResponse
from django.urls import URLResolver, path

from motcua import urls as project_urls


def wizard(request, national_code):
    return HttpResponse(national_code)


def _with_wizard(patterns):
    result = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            children = list(pattern.url_patterns)
            if pattern.namespace == "portal":
                children.append(path("nop-ho-so/<str:national_code>/", wizard, name="submit_start"))
            else:
                children = _with_wizard(children)
            pattern = URLResolver(
                pattern.pattern,
                children,
                pattern.default_kwargs,
                pattern.app_name,
                pattern.namespace,
            )
        result.append(pattern)
    return result


urlpatterns = _with_wizard(project_urls.urlpatterns)
