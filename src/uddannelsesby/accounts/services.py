"""Writes to accounts: users made and updated by an OpenID Connect login."""

import hashlib
import logging

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
