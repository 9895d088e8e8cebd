from django.conf.locale.da.formats import *  # noqa: F403

DATE_FORMAT = "j. F Y"  # 4. december 2026
SHORT_DATE_FORMAT = "j. N Y"  # 4. dec. 2026 (Danish abbreviations, with a full stop)
# The first input format is the one forms write values in: ISO, which <input type="date"> and
# <input type="datetime-local"> can show (a Danish "15.01.2026" shows as empty and is lost on
# saving). Danish notation is still read.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S.%f",
    "%d.%m.%Y %H:%M",
]
DATETIME_FORMAT = "j. F Y H:i"  # 4. december 2026 10:30
YEAR_MONTH_FORMAT = "F Y"  # december 2026
MONTH_DAY_FORMAT = "j. F"  # 4. december
