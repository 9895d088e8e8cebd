"""Who may do what in the bridge. Organisations act through their members; editors review.

Editors see no applications or student profiles: those are between a student and the
organisations the student chose.

Nobody acts for an organisation they have not proven: a member of an organisation that is
waiting for verification, or was refused, may write and edit drafts and see their own page,
and nothing else. Sending for review, closing, reporting places filled, seeing applicants
and candidates, and ranking in a round need a verified employer (docs/security.md).
"""

import rules

from uddannelsesby.accounts.rules import is_editor

from .models import Application, Opportunity, RoundPosition


@rules.predicate
def is_employer_member(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.memberships.filter(organisation__employer__isnull=False).exists()


@rules.predicate
def is_verified_employer_member(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.memberships.filter(organisation__employer__status="verified").exists()


@rules.predicate
def is_student(user) -> bool:
    return hasattr(user, "student_profile")


@rules.predicate
def posts_opportunity(user, opportunity: Opportunity | None) -> bool:
    return (
        opportunity is not None
        and user.is_authenticated
        and user.memberships.filter(organisation__employer=opportunity.employer_id).exists()
    )


@rules.predicate
def posts_verified(user, opportunity: Opportunity | None) -> bool:
    """A member of the opportunity's organisation, and the organisation is verified."""
    return (
        opportunity is not None
        and user.is_authenticated
        and user.memberships.filter(
            organisation__employer=opportunity.employer_id,
            organisation__employer__status="verified",
        ).exists()
    )


@rules.predicate
def is_draft(user, opportunity: Opportunity | None) -> bool:
    return opportunity is not None and opportunity.status in (
        Opportunity.Status.DRAFT,
        Opportunity.Status.REJECTED,
    )


@rules.predicate
def was_published(user, opportunity: Opportunity | None) -> bool:
    """Published, or closed after it was published: a place there can have been filled."""
    return (
        opportunity is not None
        and opportunity.published_at is not None
        and opportunity.status in (Opportunity.Status.PUBLISHED, Opportunity.Status.CLOSED)
    )


@rules.predicate
def owns_application(user, application: Application | None) -> bool:
    return (
        application is not None and user.is_authenticated and application.student.user_id == user.pk
    )


@rules.predicate
def receives_application(user, application: Application | None) -> bool:
    return application is not None and posts_verified(user, application.opportunity)


@rules.predicate
def holds_position(user, position: RoundPosition | None) -> bool:
    return position is not None and posts_verified(user, position.opportunity)


rules.add_perm("bridge.review", is_editor)
rules.add_perm("bridge.post", is_verified_employer_member)
rules.add_perm("bridge.employer_home", is_employer_member)
rules.add_perm("bridge.create_draft", is_employer_member)
rules.add_perm("bridge.view_own_opportunity", posts_opportunity)
rules.add_perm("bridge.change_opportunity", posts_verified | (posts_opportunity & is_draft))
rules.add_perm("bridge.submit_opportunity", posts_verified & is_draft)
rules.add_perm("bridge.close_opportunity", posts_verified)
rules.add_perm("bridge.report_filled", posts_verified & was_published)
rules.add_perm("bridge.view_candidates", posts_verified)
rules.add_perm("bridge.apply", is_student)
rules.add_perm("bridge.view_application", owns_application | receives_application)
rules.add_perm("bridge.answer_application", receives_application)
rules.add_perm("bridge.rank_position", holds_position)
