import rules

from uddannelsesby.accounts.models import Role
from uddannelsesby.accounts.rules import has_role, is_editor

from .models import Policy

can_read_drafts = has_role(Role.EDITOR, Role.ADMIN, Role.COUNCIL)


@rules.predicate
def is_published(user, policy) -> bool:
    """Published: a version went to hearing or was adopted (archived ones stay readable), or
    the policy is listed only (a title, a description and a link, public by nature)."""
    if policy is None:
        return False
    published = getattr(policy, "is_published", None)
    if published is None:
        return policy.listed_only or policy.versions.exists()
    return published


@rules.predicate
def is_not_archived(user, policy) -> bool:
    return policy is None or policy.status != Policy.Status.ARCHIVED


rules.add_perm("policies.view_policy", is_published | can_read_drafts)
rules.add_perm("policies.view_drafts", can_read_drafts)
rules.add_perm("policies.edit_policies", is_editor)
rules.add_perm("policies.change_policy", is_editor & is_not_archived)
