"""Who is who. Other apps build their permissions from these predicates."""

import rules

from .models import Role


def has_role(*roles: Role):
    @rules.predicate(name=f"has_role({','.join(roles)})")
    def predicate(user) -> bool:
        return user.is_authenticated and user.is_active and user.role in roles

    return predicate


is_admin = has_role(Role.ADMIN)
is_editor = has_role(Role.EDITOR, Role.ADMIN)
is_council = has_role(Role.COUNCIL)
is_partner = has_role(Role.PARTNER)
is_registered = rules.is_authenticated & rules.is_active

rules.add_perm("accounts.view_own_profile", is_registered)
# Lifting a login lock (django-axes) is for administrators: it undoes a protection.
rules.add_perm("accounts.manage_lockouts", is_admin)
