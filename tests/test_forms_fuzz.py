"""Random, very long, HTML and control-character input into every form.

Each submission must give no server error, keep what was typed when it is refused, and never
echo markup unescaped.
"""

import pytest
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uddannelsesby.accounts.models import Role

from .factories import FocusAreaFactory, PolicyFactory, UserFactory

NASTY = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "\x00\x01\x07\x1b[31m",
    "'; DROP TABLE policies_policy; --",
    "{{ 7|add:7 }} {% debug %}",
    "\u202eæøå\u200b\ufeff",
]
text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(NASTY),
    st.text(min_size=1, max_size=8).map(lambda s: s * 4000),  # very long
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=20),  # control characters
)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check(response, submitted: dict[str, str]) -> None:
    assert response.status_code in (200, 302, 400), response.status_code
    html = response.content.decode()
    for value in submitted.values():
        if "<script>" in value:
            assert "<script>alert(1)</script>" not in html
    if response.status_code != 302 and 'id="error-summary"' in html:  # refused: shown again
        for name, value in submitted.items():
            assert escape(value) in html or escape(value.strip()) in html, name


@pytest.fixture
def editor_session(client, db):
    client.force_login(UserFactory(role=Role.EDITOR))
    return client


@FUZZ
@given(title=text, summary=text, background=text, vision=text, plan=text, sdg=text)
def test_policy_form(editor_session, title, summary, background, vision, plan, sdg):
    data = {
        "title": title,
        "summary": summary,
        "background": background,
        "vision": vision,
        "municipal_plan_ref": plan,
        "sdg_targets": sdg,
    }
    check(editor_session.post("/politikker/redaktion/ny/", data), data)


@FUZZ
@given(title=text, introduction=text)
def test_focus_area_form(editor_session, title, introduction):
    policy = PolicyFactory()
    data = {"title": title, "introduction": introduction}
    url = f"/politikker/redaktion/{policy.slug}/fokusomraader/ny/"
    check(editor_session.post(url, data), data)


@FUZZ
@given(title=text, body=text)
def test_commitment_form(editor_session, title, body):
    area = FocusAreaFactory()
    data = {"title": title, "text": body}
    url = f"/politikker/redaktion/{area.policy.slug}/fokusomraader/{area.pk}/indsatser/ny/"
    response = editor_session.post(url, data)
    check(response, data)
    if response.status_code == 302:
        saved = area.commitments.get()
        assert saved.title == title.strip()
        page = editor_session.get(f"/politikker/redaktion/{area.policy.slug}/forhaandsvisning/")
        assert page.status_code == 200
        assert escape(saved.title) in page.content.decode()


@FUZZ
@given(adopted_on=text)
def test_adopt_form(editor_session, adopted_on):
    policy = PolicyFactory()
    data = {"adopted_on": adopted_on}
    check(editor_session.post(f"/politikker/redaktion/{policy.slug}/vedtag/", data), data)


@FUZZ
@given(username=text, password=text)
def test_login_form(client, db, username, password):
    from axes.utils import reset

    reset()  # the examples share one database: a name tried five times would be locked
    data = {"username": username}
    response = client.post("/konto/log-ind/", data | {"password": password})
    assert response.status_code == 200  # never a valid login
    check(response, data)


@FUZZ
@given(email=text)
def test_password_reset_form(client, db, email):
    data = {"email": email}
    check(client.post("/konto/nulstil/", data), data)


@FUZZ
@given(old=text, new=text)
def test_compare_form(client, db, old, new):
    policy = PolicyFactory()
    policy.versions.create(number=1, kind="hearing", content={}, created_at="2026-01-01T00:00Z")
    response = client.get(f"/politikker/{policy.slug}/sammenlign/", {"old": old, "new": new})
    # 0 is the current draft, which only editors may compare: 403 for anyone else.
    draft = "0" in (old.strip(), new.strip())
    assert response.status_code in ((200, 400, 403) if draft else (200, 400))


@FUZZ
@given(
    amount=st.decimals(min_value=0, max_value=10**11, places=2, allow_nan=False),
    language=st.sampled_from(["da", "en"]),
)
def test_money_drawn_reads_back_the_same(amount, language):
    from django.utils import translation

    from uddannelsesby.core.fields import MoneyField

    field = MoneyField()
    with translation.override(language):
        assert field.clean(field.widget.format_value(amount)) == amount


@FUZZ
@given(typed=st.one_of(text, st.from_regex(r"[0-9 .,]{1,20}( kr\.?)?", fullmatch=True)))
def test_money_is_read_or_refused_never_an_error(typed):
    from decimal import Decimal

    from django import forms

    from uddannelsesby.core.fields import MoneyField

    try:
        value = MoneyField(required=False).clean(typed)
    except forms.ValidationError:
        return
    assert value is None or isinstance(value, Decimal)


def _grouped(number: int, mark: str) -> str:
    return f"{number:,}".replace(",", mark)


# The ways a Dane writes a whole amount of kroner.
WRITTEN = [
    lambda n: str(n),
    lambda n: _grouped(n, "."),
    lambda n: _grouped(n, " "),
    lambda n: _grouped(n, "\u00a0"),
    lambda n: f"{_grouped(n, '.')},-",
    lambda n: f"kr. {_grouped(n, '.')}",
    lambda n: f"{_grouped(n, '.')} kr.",
    lambda n: f"{_grouped(n, '.')},- kr.",
    lambda n: f"DKK {_grouped(n, '.')}",
    lambda n: f"{_grouped(n, '.')},00",
    lambda n: f"{n} kroner",
]


@FUZZ
@given(amount=st.integers(min_value=0, max_value=10**10), write=st.sampled_from(WRITTEN))
def test_an_amount_written_the_danish_way_is_read_as_meant(amount, write):
    from uddannelsesby.core.fields import MoneyField, WholeMoneyField

    typed = write(amount)
    assert MoneyField().clean(typed) == amount, typed
    if amount <= 2**31 - 1:
        assert WholeMoneyField().clean(typed) == amount, typed


@FUZZ
@given(
    typed=st.one_of(
        text,
        st.from_regex(r"(DK-)?[0-9]{3,5}[ ,]{0,2}[A-ZÆØÅa-zæøå .-]{0,30}", fullmatch=True),
    )
)
def test_a_postal_code_is_read_or_refused_never_an_error(typed):
    from django import forms

    from uddannelsesby.core.fields import PostalCodeField, is_danish_postal_code

    try:
        code = PostalCodeField(required=False).clean(typed)
    except forms.ValidationError:
        return
    assert code == "" or is_danish_postal_code(code)
