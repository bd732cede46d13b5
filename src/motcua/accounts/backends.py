"""Sign in with a username, an e-mail address or a mobile number, and one password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from .validators import normalise_phone


def find_user_by_identifier(identifier: str):
    """The account a login identifier names, or None: username, then e-mail, then phone."""
    User = get_user_model()
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    user = User.objects.filter(username=identifier).first()
    if user is None and "@" in identifier:
        user = User.objects.filter(email__iexact=identifier).first()
    if user is None:
        try:
            phone = normalise_phone(identifier)
        except ValidationError:
            return None
        user = User.objects.filter(phone=phone).first()
    return user


class LoginIdentifierBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_user_by_identifier(username)
        if user is None:
            # Hash anyway so that a wrong identifier takes as long as a wrong password.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request, credentials) -> str:
    """The key django-axes counts failures under: the account's username when the identifier
    names one, so "0912345678" and "+84 912 345 678" share one counter."""
    identifier = (credentials or {}).get("username") or request.POST.get("username", "")
    user = find_user_by_identifier(identifier)
    return user.username if user is not None else identifier.strip().lower()
