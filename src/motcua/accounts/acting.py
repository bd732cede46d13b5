"""On whose behalf the signed-in citizen is acting: themselves or an organisation they belong to.

The choice lives in the session; it is re-checked against current membership on every read, so
removing a member takes effect at once. Submission and "my dossiers" use ``acting_organisation``.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import Organisation
from .services import organisations_for

SESSION_KEY = "motcua_acting_organisation"


def acting_organisation(request) -> Organisation | None:
    organisation_id = request.session.get(SESSION_KEY)
    if organisation_id is None:
        return None
    organisation = organisations_for(request.user).filter(pk=organisation_id).first()
    if organisation is None:
        request.session.pop(SESSION_KEY, None)
    return organisation


def set_acting_organisation(request, organisation: Organisation | None) -> None:
    if organisation is None:
        request.session.pop(SESSION_KEY, None)
        return
    if not organisations_for(request.user).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền thực hiện thủ tục thay mặt tổ chức này."))
    request.session[SESSION_KEY] = organisation.pk
