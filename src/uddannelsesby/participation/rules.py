import rules

from uddannelsesby.accounts.models import Role
from uddannelsesby.accounts.rules import has_role, is_editor

from .models import Hearing

can_read_drafts = has_role(Role.EDITOR, Role.ADMIN, Role.COUNCIL)


@rules.predicate
def is_closed_hearing(user, hearing: Hearing | None) -> bool:
    return hearing is not None and hearing.is_closed()


rules.add_perm("participation.manage", is_editor)
# The memo is public once the hearing has closed; before that only for staff and the council.
rules.add_perm("participation.view_memo", is_closed_hearing | can_read_drafts)
