import rules

from uddannelsesby.accounts.models import Role
from uddannelsesby.accounts.rules import has_role, is_editor, is_partner

from .models import ActionPlan, Activity

can_read_drafts = has_role(Role.EDITOR, Role.ADMIN, Role.COUNCIL)


@rules.predicate
def is_public_plan(user, plan: ActionPlan | None) -> bool:
    """An adopted or closed plan of a published policy (a draft policy's plans stay private)."""
    return (
        plan is not None
        and plan.status != ActionPlan.Status.DRAFT
        and plan.policy.versions.exists()
    )


@rules.predicate
def is_open_activity(user, activity: Activity | None) -> bool:
    return activity is not None and activity.plan.status != ActionPlan.Status.CLOSED


@rules.predicate
def is_own_organisations_activity(user, activity: Activity | None) -> bool:
    """The user is a member of the organisation responsible for the activity."""
    return (
        activity is not None
        and user.memberships.filter(organisation_id=activity.responsible_id).exists()
    )


rules.add_perm("plans.view_plan", is_public_plan | can_read_drafts)
rules.add_perm("plans.manage_plans", is_editor)
rules.add_perm("plans.view_dashboard", is_editor | is_partner)
rules.add_perm(
    "plans.update_activity",
    is_open_activity & (is_editor | (is_partner & is_own_organisations_activity)),
)
