import rules

from uddannelsesby.accounts.models import Role
from uddannelsesby.accounts.rules import has_role, is_editor

from .models import Hearing

can_read_drafts = has_role(Role.EDITOR, Role.ADMIN, Role.COUNCIL)


@rules.predicate
def has_published_memo(user, hearing: Hearing | None) -> bool:
    return hearing is not None and hearing.memo_is_published


rules.add_perm("participation.manage", is_editor)
# The memo is public once an editor has published it (not when the calendar says the hearing
# closed); before that only for staff and the council.
rules.add_perm("participation.view_memo", has_published_memo | can_read_drafts)
