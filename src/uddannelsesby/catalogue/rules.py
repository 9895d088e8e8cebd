import rules

from uddannelsesby.accounts.rules import is_editor, is_partner

from .models import Institution, Programme, StudyPage


@rules.predicate
def is_institution_member(user) -> bool:
    """The user belongs to an organisation that has an institution in the catalogue."""
    return user.memberships.filter(organisation__institution__isnull=False).exists()


@rules.predicate
def is_own_institution(user, institution: Institution | None) -> bool:
    return (
        institution is not None
        and user.memberships.filter(organisation_id=institution.organisation_id).exists()
    )


@rules.predicate
def is_own_programme(user, programme: Programme | None) -> bool:
    return programme is not None and is_own_institution(user, programme.institution)


@rules.predicate
def is_published_page(user, page: StudyPage | None) -> bool:
    return page is not None and page.is_published


rules.add_perm("catalogue.manage", is_editor)
rules.add_perm("catalogue.add_programme", is_editor | (is_partner & is_institution_member))
rules.add_perm("catalogue.add_programme_at", is_editor | (is_partner & is_own_institution))
rules.add_perm("catalogue.change_programme", is_editor | (is_partner & is_own_programme))
rules.add_perm("catalogue.view_page", is_published_page | is_editor)
