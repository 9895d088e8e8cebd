from django.conf.locale.da.formats import *  # noqa: F403

DATE_FORMAT = "j. F Y"  # 4. december 2026
SHORT_DATE_FORMAT = "j. N Y"  # 4. dec. 2026 (Danish abbreviations, with a full stop)
