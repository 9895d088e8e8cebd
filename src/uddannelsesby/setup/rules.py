import rules

from uddannelsesby.accounts.rules import is_admin

# Only administrators set the site up: the name, code and look are the whole site's.
rules.add_perm("setup.change_settings", is_admin)
