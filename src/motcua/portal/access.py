"""Which dossiers a signed-in citizen sees on the portal.

The lifecycle's permission table (``dossiers.permissions``) decides: a citizen sees the dossiers
they own. On top of it, a member of an organisation sees the dossiers filed on this portal for
that organisation (``Submission.organisation``), membership re-checked on every request — the
lifecycle actions on those stay with the member who filed (the owner).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from motcua.accounts.acting import acting_organisation
from motcua.accounts.services import organisations_for
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import can_view

_RELATED = ("procedure_version__procedure", "case", "receiving_agency", "settling_agency")


def my_dossiers(request) -> QuerySet[Dossier]:
    """The list of "Hồ sơ của tôi": the organisation's when acting for one, else the user's own."""
    organisation = acting_organisation(request)
    if organisation is not None:
        return Dossier.objects.filter(portal_submission__organisation=organisation).select_related(
            *_RELATED
        )
    return selectors.dossiers_visible_to(request.user).filter(owner=request.user)


def visible_dossier(request, code: str) -> Dossier:
    """The dossier ``code`` if this user may see it; 404 otherwise (its existence is not
    revealed)."""
    dossier = Dossier.objects.filter(code=code).select_related(*_RELATED).first()
    if dossier is None or not may_view(request.user, dossier):
        raise Http404
    return dossier


def may_view(user, dossier: Dossier) -> bool:
    if can_view(user, dossier):
        return True
    organisation_id = (
        dossier.portal_submission.organisation_id if hasattr(dossier, "portal_submission") else None
    )
    return (
        organisation_id is not None and organisations_for(user).filter(pk=organisation_id).exists()
    )
