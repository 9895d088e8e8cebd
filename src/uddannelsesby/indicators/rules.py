"""Who may do what with indicators: everything here is public, read-only open data.

Fetching and importing statistics happen on the command line (`uddannelsesby indicators`),
which is for the people who run the installation.
"""

import rules

rules.add_perm("indicators.view_indicators", rules.always_allow)
