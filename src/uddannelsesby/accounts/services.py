"""Writes to accounts: users made and updated by an OpenID Connect login; login locks lifted."""

import hashlib
import logging

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.db import transaction

from uddannelsesby.core.services import history_record

from .models import OidcIdentity, Role, User

logger = logging.getLogger("uddannelsesby.security")


@transaction.atomic
def user_create_from_oidc(
    *, provider: str, subject: str, role: Role, first_name: str, last_name: str, email: str
) -> User:
    """A new user for a provider's subject; the user name is derived, never a claim."""
    digest = hashlib.sha256(f"{provider}:{subject}".encode()).hexdigest()[:20]
    user = User(
        username=f"{provider}-{digest}",
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
    )
    user.set_unusable_password()
    user.save()
    OidcIdentity.objects.create(user=user, provider=provider, subject=subject)
    history_record(target=user, actor=user, action="created", changes={"login": provider})
    logger.info("User %s created by a %s login with role %s", user.pk, provider, role)
    return user


@transaction.atomic
def user_update_role(*, user: User, role: Role) -> User:
    """The role the identity provider gives now (its groups may have changed)."""
    if user.role != role:
        previous = user.role
        user.role = role
        if role != Role.ADMIN:
            user.is_superuser = user.is_staff = False
        user.save()
        history_record(
            target=user, actor=user, action="changed", changes={"role": [previous, role]}
        )
        logger.info("User %s role %s -> %s by the staff login", user.pk, previous, role)
    return user


@transaction.atomic
def lockout_lift(*, attempt_id: int, actor: User) -> bool:
    """Lift a login lock (django-axes) for its user name and address before its time: the
    pair's failures are forgotten. False when it was lifted already (or expired and cleared).
    Logged, and a history line on the user when the user name is a user's."""
    attempt = AccessAttempt.objects.filter(pk=attempt_id).first()
    if attempt is None:
        return False
    if attempt.username and attempt.ip_address:
        AxesProxyHandler.reset_attempts(ip_address=attempt.ip_address, username=attempt.username)
    else:  # never reset every address or every name because one half is missing
        attempt.delete()
    user = User.objects.filter(username=attempt.username).first() if attempt.username else None
    if user is not None:
        history_record(
            target=user,
            actor=actor,
            action="login unlocked",
            changes={"ip_address": attempt.ip_address, "failures": attempt.failures_since_start},
        )
    logger.warning(
        "Login lock lifted by user %s: user name %r from %s after %d failures",
        actor.pk,
        attempt.username,
        attempt.ip_address,
        attempt.failures_since_start,
    )
    return True
