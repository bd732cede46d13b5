"""The client address of the request being served, for the audit trail.

Services are called from views, the API and commands; passing the request through every layer
only to log its address would couple the domain to HTTP, so the middleware keeps it in a
context variable instead.
"""

from contextvars import ContextVar

_ip: ContextVar[str | None] = ContextVar("motcua_client_ip", default=None)


def current_ip() -> str | None:
    return _ip.get()


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            _ip.reset(token)
