from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from . import oidc


class LoginView(auth_views.LoginView):
    """Django's login, with the OpenID Connect providers that are set up."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "oidc_providers": oidc.providers(),
            "password_login_for_staff": settings.PASSWORD_LOGIN_FOR_STAFF,
        }


def locked_out(request, original_response=None, credentials=None):
    """axes' answer to a locked login: the same for a user that exists and one that does not."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    context = {"minutes": minutes, "oidc_providers": oidc.providers()}
    return render(request, "registration/locked.html", context, status=429)
