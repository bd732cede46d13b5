"""``{% account_nav %}``: the account links in the site header, with the unread message count."""

from django import template

from motcua.notifications.services import unread_count

register = template.Library()


@register.inclusion_tag("accounts/includes/header_links.html", takes_context=True)
def account_nav(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "request": request,
        "signed_in": signed_in,
        "unread": unread_count(user) if signed_in else 0,
    }
