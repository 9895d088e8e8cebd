import pytest
from django.utils import translation

from uddannelsesby.participation.redaction import redact

EMAIL, PHONE, CPR = "[e-mail address removed]", "[phone number removed]", "[CPR number removed]"

REDACTED = [
    ("Skriv til navn@eksempel.dk i dag", f"Skriv til {EMAIL} i dag"),
    ("karen.m.jensen+hoering@sub.herning.dk.", f"{EMAIL}."),
    ("Ring +45 12 34 56 78", f"Ring {PHONE}"),
    ("Ring +4512345678", f"Ring {PHONE}"),
    ("Ring 0045 12345678", f"Ring {PHONE}"),
    ("Ring +45 1234 5678", f"Ring {PHONE}"),
    ("Ring 12345678 i aften", f"Ring {PHONE} i aften"),
    ("Ring 12 34 56 78.", f"Ring {PHONE}."),
    ("Ring 12-34-56-78", f"Ring {PHONE}"),
    ("Tlf.: 2045 6789", f"Tlf.: {PHONE}"),
    ("(tlf. 20 45 67 89)", f"(tlf. {PHONE})"),
    ("CPR 010203-1234", f"CPR {CPR}"),
    ("CPR 0102031234", f"CPR {CPR}"),
    ("cpr: 311299 1234,", f"cpr: {CPR},"),
    ("a@b.dk og 12 34 56 78 og 010203-1234", f"{EMAIL} og {PHONE} og {CPR}"),
]

KEPT = [
    "Politikken blev vedtaget i 2008.",
    "Budgettet er 1.234.567 kr.",
    "Budgettet er 12.345.678 kr.",
    "Beløbet 1 234 567 kr.",
    "Mødet var den 24-06-2008.",
    "Mødet var den 24.06.2008.",
    "Adressen er Torvet 5, 7400 Herning.",
    "I årene 2008-2012 og 2008 2009.",
    "Konto 03.22.14 Erhvervsfremme",
    "Version 1234567 er ny",
    "Vi er 123 unge, og 45 % vil blive.",
    "Kl. 19:00-21:30",
    "ISBN 978-87-1234-567-8",
    "Et tal: 123456789012",
]


@pytest.mark.parametrize(("text", "expected"), REDACTED)
def test_personal_data_is_redacted(text, expected):
    with translation.override("en"):
        assert redact(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_other_numbers_are_kept(text):
    with translation.override("en"):
        assert redact(text) == text


def test_notice_is_in_the_active_language():
    with translation.override("da"):
        assert "@" not in redact("navn@eksempel.dk")
