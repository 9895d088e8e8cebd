from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import oidc, services
from .forms import AuthenticationForm
from .selectors import lockouts_current


class LoginView(auth_views.LoginView):
    """Django's login, with the OpenID Connect providers that are set up."""

    form_class = AuthenticationForm

    def get_context_data(self, **kwargs):
        providers = oidc.providers()
        return super().get_context_data(**kwargs) | {
            "oidc_providers": providers,
            "citizen_provider": next((p for p in providers if p["slug"] == "citizen"), None),
            "password_login_for_staff": settings.PASSWORD_LOGIN_FOR_STAFF,
        }


def locked_out(request, original_response=None, credentials=None):
    """axes' answer to a locked login: the same for a user that exists and one that does not."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    context = {"minutes": minutes, "oidc_providers": oidc.providers()}
    return render(request, "registration/locked.html", context, status=429)


def _admin_required(view):
    required = permission_required("accounts.manage_lockouts", raise_exception=True)
    return login_required(required(view))


@_admin_required
@require_safe
def lockouts(request: HttpRequest) -> HttpResponse:
    """The login locks in force, each with a button that lifts it (administrators)."""
    minutes = int(get_cool_off().total_seconds() // 60)
    context = {"lockouts": lockouts_current(), "cool_off_minutes": minutes}
    return render(request, "accounts/lockouts.html", context)


@_admin_required
@require_POST
def lockout_lift(request: HttpRequest, pk: int) -> HttpResponse:
    if services.lockout_lift(attempt_id=pk, actor=request.user):
        messages.success(request, _("The pause is lifted: the user can log in again."))
    else:
        messages.info(request, _("That pause had already been lifted or had run out."))
    return redirect("accounts:lockouts")
