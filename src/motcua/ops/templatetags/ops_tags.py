from django import template
from django.conf import settings

from .. import services

register = template.Library()


@register.inclusion_tag("ops/includes/maintenance_banner.html")
def maintenance_banner():
    """Announced maintenance, on every page of both faces until it ends (PL5-11)."""
    return {"banners": services.maintenance_banners()}


@register.inclusion_tag("ops/includes/feedback_contact.html")
def feedback_contact():
    """The address that receives comments about the portal itself (PL5-11)."""
    return {"feedback_email": settings.MOTCUA_FEEDBACK_EMAIL}
