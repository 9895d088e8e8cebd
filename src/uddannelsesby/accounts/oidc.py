"""OpenID Connect login through mozilla-django-oidc, for two providers (docs/security.md "Login").

"staff" is the municipality's identity provider; the role comes from a configurable claim
(settings.OIDC_STAFF_ROLE_CLAIM) through settings.OIDC_STAFF_ROLE_MAP. "citizen" is MitID
through a broker and makes a registered account. A person is found by the provider's subject
identifier (never by e-mail, which would let one provider take over another's accounts).

Of the claims, only the subject, the name and the e-mail address are read; everything else,
CPR numbers included, is never looked at nor stored.

mozilla-django-oidc does the authorisation code flow: state, nonce and PKCE in the session,
the token request, the signing key from the provider's JWKS. On top of it, the ID token's
audience, issuer and expiry are checked, which the library leaves out.
"""

import hashlib
import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import (
    absolutify,
    add_state_and_verifier_and_nonce_to_session,
    generate_code_challenge,
    import_from_settings,
)
from mozilla_django_oidc.views import get_next_url

from . import services
from .models import Role

logger = logging.getLogger("uddannelsesby.security")

DISCOVERY_SECONDS = 3600
# The most powerful role wins when a person's groups map to several.
ROLE_ORDER = [Role.ADMIN, Role.EDITOR, Role.COUNCIL, Role.PARTNER, Role.REGISTERED]
NAMES = {"staff": gettext_lazy("your work account"), "citizen": "MitID"}


class OidcError(Exception):
    """A login that was refused, with the message the person is shown."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def provider_config(name: str) -> dict:
    try:
        return settings.OIDC_PROVIDERS[name]
    except KeyError:
        raise Http404 from None


def providers() -> list[dict]:
    """The configured providers for the login page, each with its slug and display name."""
    return [
        {"slug": slug, "name": config.get("name") or NAMES.get(slug, slug)}
        for slug, config in settings.OIDC_PROVIDERS.items()
    ]


def discover(config: dict) -> dict:
    """The provider's metadata from its discovery document, cached for an hour."""
    issuer = config["issuer"].rstrip("/")
    key = "oidc:discovery:" + hashlib.sha256(issuer.encode()).hexdigest()
    metadata = cache.get(key)
    if metadata is None:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
        )
        response.raise_for_status()
        metadata = response.json()
        if metadata.get("issuer", "").rstrip("/") != issuer:
            raise OidcError(_("The login service is not set up correctly. Try again later."))
        cache.set(key, metadata, DISCOVERY_SECONDS)
    return metadata


class OidcBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's back-end, for the provider a login started with."""

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    def get_settings(self, attr, *args):
        overrides = getattr(self, "_overrides", {})
        if attr in overrides:
            return overrides[attr]
        return import_from_settings(attr, *args)

    def get_user(self, user_id):
        """The session's user, unless deactivated since (the library does not check that)."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def _configure(self, provider: str) -> None:
        config = provider_config(provider)
        metadata = discover(config)
        self.provider = provider
        self.issuer = metadata["issuer"]
        self.OIDC_OP_TOKEN_ENDPOINT = metadata["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = metadata.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = metadata["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = config["client_id"]
        self.OIDC_RP_CLIENT_SECRET = config["client_secret"]
        self.OIDC_RP_SIGN_ALGO = config["sign_algo"]
        self.OIDC_RP_IDP_SIGN_KEY = None
        self._overrides = {"OIDC_TIMEOUT": settings.OIDC_TIMEOUT, "OIDC_STORE_ID_TOKEN": False}

    def authenticate(self, request, oidc_provider=None, nonce=None, code_verifier=None, **kw):
        """Exchange the code for tokens, check the ID token and find or make the user."""
        if request is None or oidc_provider is None:
            return None
        self.request = request
        self._configure(oidc_provider)
        payload = {
            "client_id": self.OIDC_RP_CLIENT_ID,
            "client_secret": self.OIDC_RP_CLIENT_SECRET,
            "grant_type": "authorization_code",
            "code": request.GET["code"],
            "redirect_uri": callback_url(request, oidc_provider),
        }
        if code_verifier is not None:
            payload["code_verifier"] = code_verifier
        tokens = self.get_token(payload)
        id_token = tokens.get("id_token")
        if not id_token:
            raise OidcError(_("The login service sent no identity. Try again."))
        claims = self.verify_token(id_token, nonce=nonce)
        return self.get_or_create_user(tokens.get("access_token"), id_token, claims)

    def _verify_jws(self, payload, key):
        """The signature, and the claims the library does not check: audience, issuer, expiry."""
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                leeway=60,
            )
        except jwt.InvalidSignatureError:
            raise OidcError(
                _("The answer from the login service could not be verified. Try again.")
            ) from None
        except jwt.ExpiredSignatureError:
            raise OidcError(_("The login has expired. Try again.")) from None
        except jwt.InvalidAudienceError:
            raise OidcError(_("The login was issued for another service. Try again.")) from None
        except jwt.PyJWTError:
            raise OidcError(
                _("The answer from the login service could not be verified. Try again.")
            ) from None

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, completed from the userinfo endpoint for the same subject."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload["sub"]:
                raise OidcError(
                    _("The answer from the login service could not be verified. Try again.")
                )
            claims.update(userinfo)
        return claims

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(
            oidc_identities__provider=self.provider, oidc_identities__subject=claims["sub"]
        )

    def _role(self, claims) -> Role:
        if self.provider != "staff":
            return Role.REGISTERED
        value = claims.get(settings.OIDC_STAFF_ROLE_CLAIM) or []
        groups = [value] if isinstance(value, str) else list(value)
        mapped = {settings.OIDC_STAFF_ROLE_MAP.get(str(group)) for group in groups}
        for role in ROLE_ORDER:
            if role in mapped:
                return role
        raise OidcError(
            _(
                "Your work account has no role in Uddannelsesby. "
                "Ask your administrator to give you access."
            )
        )

    def create_user(self, claims):
        return services.user_create_from_oidc(
            provider=self.provider,
            subject=claims["sub"],
            role=self._role(claims),
            **_person(claims),
        )

    def update_user(self, user, claims):
        if self.provider == "staff":
            user = services.user_update_role(user=user, role=self._role(claims))
        return user


def _person(claims: dict) -> dict:
    """The only claims that are kept: name and e-mail address."""
    return {
        "first_name": str(claims.get("given_name") or "")[:150],
        "last_name": str(claims.get("family_name") or "")[:150],
        "email": str(claims.get("email") or "")[:254],
    }


def callback_url(request, provider: str) -> str:
    return absolutify(request, reverse("accounts:oidc_callback", args=[provider]))


def _refused(request, message: str, status: int = 400):
    return render(request, "registration/oidc_error.html", {"message": message}, status=status)


@require_safe
def oidc_start(request, provider):
    """Send the person to the provider, with a fresh state, nonce and PKCE challenge."""
    config = provider_config(provider)
    try:
        metadata = discover(config)
    except (requests.RequestException, ValueError, OidcError):
        logger.exception("OpenID Connect discovery failed for %s", provider)
        return _refused(
            request, _("The login service cannot be reached right now. Try again later."), 502
        )
    state = get_random_string(32)
    verifier = get_random_string(64)
    params = {
        "response_type": "code",
        "scope": config["scopes"],
        "client_id": config["client_id"],
        "redirect_uri": callback_url(request, provider),
        "state": state,
        "nonce": get_random_string(32),
        "code_challenge": generate_code_challenge(verifier, "S256"),
        "code_challenge_method": "S256",
    }
    add_state_and_verifier_and_nonce_to_session(request, state, params, verifier)
    entry = request.session["oidc_states"][state]
    entry["provider"] = provider
    entry["next"] = get_next_url(request, "next")
    request.session.modified = True
    return HttpResponseRedirect(f"{metadata['authorization_endpoint']}?{urlencode(params)}")


@require_safe
def oidc_callback(request, provider):
    """The provider's answer: check the state once, then let the back-end do the rest."""
    provider_config(provider)
    states = request.session.get("oidc_states") or {}
    entry = states.pop(request.GET.get("state", ""), None)
    request.session["oidc_states"] = states  # a state is used once, whatever happens next
    if request.GET.get("error"):
        return _refused(request, _("The login service did not log you in. You can try again."))
    if entry is None or entry.get("provider") != provider or not request.GET.get("code"):
        logger.warning("OpenID Connect login with an unknown or used state (%s)", provider)
        return _refused(
            request,
            _("This login has already been used or has expired. Start again from the login page."),
        )
    try:
        user = auth.authenticate(
            request,
            oidc_provider=provider,
            nonce=entry["nonce"],
            code_verifier=entry.get("code_verifier"),
        )
    except OidcError as error:
        logger.warning("OpenID Connect login refused (%s): %s", provider, error.message)
        return _refused(request, error.message)
    except (SuspiciousOperation, requests.RequestException, ValueError, KeyError):
        logger.exception("OpenID Connect login failed (%s)", provider)
        return _refused(
            request, _("The answer from the login service could not be verified. Try again.")
        )
    if user is None or not user.is_active:
        return _refused(request, _("You could not be logged in. Try again."))
    auth.login(request, user)  # a new session key
    return HttpResponseRedirect(entry.get("next") or resolve_url(settings.LOGIN_REDIRECT_URL))
