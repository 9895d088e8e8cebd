"""System checks for the login set-up, so a mistyped environment variable fails at start."""

from django.conf import settings
from django.core.checks import Error, register

from .models import Role


@register()
def check_oidc(app_configs=None, **kwargs):
    errors = []
    for name, provider in settings.OIDC_PROVIDERS.items():
        prefix = f"OIDC_{name.upper()}"
        if not provider.get("client_id") or not provider.get("client_secret"):
            errors.append(
                Error(
                    f"{prefix}_ISSUER is set, but {prefix}_CLIENT_ID or _CLIENT_SECRET is not.",
                    id="accounts.E001",
                )
            )
        if not provider["issuer"].startswith("https://") and not settings.DEBUG:
            issuer = provider["issuer"]
            if not issuer.startswith(("http://127.0.0.1", "http://localhost")):
                errors.append(Error(f"{prefix}_ISSUER must be https://.", id="accounts.E002"))
    unknown = sorted(set(settings.OIDC_STAFF_ROLE_MAP.values()) - set(Role.values))
    if unknown:
        errors.append(
            Error(
                f"OIDC_STAFF_ROLE_MAP names unknown roles: {', '.join(unknown)}.",
                hint=f"Roles are {', '.join(Role.values)}.",
                id="accounts.E003",
            )
        )
    if "staff" in settings.OIDC_PROVIDERS and not settings.OIDC_STAFF_ROLE_MAP:
        errors.append(
            Error(
                "OIDC_STAFF_ISSUER is set but OIDC_STAFF_ROLE_MAP is empty: no one could log in.",
                id="accounts.E004",
            )
        )
    return errors
