"""A municipality just set up may have no address, e-mail or phone yet: no page shows an empty
link, a dangling "Phone" or "write to ." for them; a phone number links as people write it."""

import pytest
from django.urls import reverse

from uddannelsesby.core.services import site_settings_save
from uddannelsesby.core.site import Site

pytestmark = pytest.mark.django_db

PAGES = ["core:home", "core:accessibility", "participation:privacy"]


@pytest.mark.parametrize(
    ("email", "phone"),
    [("", ""), ("post@fanoe.dk", ""), ("", "76 66 06 00"), ("post@fanoe.dk", "76 66 06 00")],
)
@pytest.mark.parametrize("language", ["da", "en"])
def test_pages_without_some_contact_details(client, email, phone, language):
    site_settings_save(actor=None, code="563", name="Fanø Kommune", email=email, phone=phone)
    client.cookies["django_language"] = language
    pages = [client.get(reverse(name)) for name in PAGES] + [client.get("/findes-ikke/")]
    for response in pages:
        html = response.content.decode()
        assert 'href="mailto:"' not in html
        assert 'href="tel:+45"' not in html
        assert 'href="tel:"' not in html
        for said in ("skriv til .", "write to .", "ring på .", "call .", "telefon .", "phone ."):
            assert said not in html.lower()
        footer = html.split("<footer")[1]
        assert ("Telefon" in footer or "Phone" in footer) == bool(phone)
        assert (email in footer) if email else "mailto:" not in footer


@pytest.mark.parametrize(
    ("typed", "tel"),
    [("76 66 06 00", "+4576660600"), ("+45 76 66 06 00", "+4576660600"),
     ("0045 7666 0600", "+4576660600"), ("+298 123456", "+298123456"), ("", "")],
)  # fmt: skip
def test_a_phone_number_as_a_tel_link(typed, tel):
    assert Site(name="Fanø Kommune", place_name="Fanø", code="563", phone=typed).tel == tel
