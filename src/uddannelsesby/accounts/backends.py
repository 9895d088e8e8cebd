"""Authentication back-ends: django-axes' lockout check and local passwords.

The lockout check runs first (settings.AUTHENTICATION_BACKENDS) and refuses any login, right
password or not, for a user name and address that failed too often (docs/security.md "Login").
"""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from uddannelsesby.participation.ratelimit import client_address

from .models import STAFF_ROLES

USERNAME_MAX = 150  # accounts.User.username


def client_ip(request) -> str:
    """The client's address as our own proxies saw it (settings.TRUSTED_PROXIES).

    IPv6 clients count per /64 network, written as the network's first address, so axes
    stores a plain address.
    """
    address = client_address(request)
    if "/" in address:
        return str(ipaddress.ip_network(address, strict=False).network_address)
    return address


def client_username(request, credentials) -> str | None:
    """The user name axes counts failures under, cut to the longest a user name can be: a
    pasted page of text is counted as a failure, never stored whole (axes keeps 255)."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    value = credentials.get(field) if credentials else request.POST.get(field)
    return value[:USERNAME_MAX] if isinstance(value, str) else value


class LockoutBackend(AxesStandaloneBackend):
    """axes' check for every login a request brings.

    A call without a request comes from code, not from the web (the test client's login()),
    and is left to the other back-ends instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class PasswordBackend(ModelBackend):
    """Local passwords; refused for staff when settings.PASSWORD_LOGIN_FOR_STAFF is off."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username, password, **kwargs)
        if user is not None and not password_login_allowed(user):
            return None
        return user


def password_login_allowed(user) -> bool:
    if settings.PASSWORD_LOGIN_FOR_STAFF:
        return True
    return user.role not in STAFF_ROLES and not user.is_staff
