"""``{% rating_panel dossier %}`` (the citizen's dossier page) and ``{% kiosk_link dossier %}``
(the back office's dossier page): the hooks of the rating screens in the other apps' pages."""

from django import template

from motcua.feedback import permissions, selectors, services
from motcua.feedback.views import rating_panel_context

register = template.Library()


@register.inclusion_tag("feedback/includes/rating_panel.html", takes_context=True)
def rating_panel(context, dossier):
    request = context["request"]
    return {
        **rating_panel_context(request.user, dossier),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("feedback/includes/kiosk_link.html", takes_context=True)
def kiosk_link(context, dossier):
    """The link that opens the desk's rating tablet, once the dossier has its result and is
    not rated yet, for the officials who may open it."""
    user = context["request"].user
    show = (
        dossier.state in services.RATEABLE_STATES
        and permissions.may_record_at_counter(user, dossier)
        and selectors.rating_of(dossier) is None
    )
    return {"dossier": dossier, "show": show}
