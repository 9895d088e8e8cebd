"""Values a database reads as numbers but StatBank never writes: NaN, infinity.

PostgreSQL casts 'NaN' and 'inf' to a float, so such a file was imported; the indicator pages
then showed "nan" and the API wrote NaN, which is not JSON."""

import pytest

from uddannelsesby.indicators import services
from uddannelsesby.indicators.models import Fetch
from uddannelsesby.indicators.parsing import ParseError

from .conftest import STATUSU6_HEADER

FIRST = f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;657;2023;1\nAA_TOTAL;TOT;657;2024;2\n"


@pytest.mark.parametrize("value", ["NaN", "nan", "inf", "-Infinity", "Infinity", " NaN"])
@pytest.mark.parametrize("first", [True, False], ids=["new-table", "known-table"])
def test_nan_and_infinity_are_not_numbers(write_file, catalogue, value, first):
    if not first:
        services.observations_import(table="STATUSU6", path=write_file("s.csv", FIRST))
    bad = f"{STATUSU6_HEADER}\nAA_TOTAL;TOT;657;2023;1\nAA_TOTAL;TOT;657;2024;{value}\n"
    with pytest.raises(ParseError, match="Not a number") as refused:
        services.observations_import(table="STATUSU6", path=write_file("bad.csv", bad))
    assert refused.value.line == 3
    assert Fetch.objects.count() == (0 if first else 1)
