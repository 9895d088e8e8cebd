"""Passwords are never written back into a page, are at least 12 characters, and personal
pages are never stored by browsers or proxies."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver

import uddannelsesby
from uddannelsesby.accounts.models import Role

from ..factories import UserFactory


def _project_forms() -> set[type]:
    found = set()
    for module_info in pkgutil.walk_packages(uddannelsesby.__path__, "uddannelsesby."):
        if not module_info.name.endswith("forms"):
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm):
                found.add(cls)
    return found


def _view_forms() -> set[type]:
    """Forms that class-based views of the URL conf use (Django's login, password reset...)."""
    found = set()

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "view_class", None)
                form_class = getattr(view_class, "form_class", None)
                if form_class is not None:
                    found.add(form_class)

    walk(get_resolver().url_patterns)
    return found


def _password_fields(form_class) -> list[tuple[str, forms.Field]]:
    fields = dict(form_class.base_fields)
    if form_class.__name__ in {"SetPasswordForm", "PasswordChangeForm"}:
        fields.update(form_class.declared_fields)
    return [(n, f) for n, f in fields.items() if isinstance(f.widget, forms.PasswordInput)]


def test_no_password_input_renders_its_value():
    with_passwords = {cls: _password_fields(cls) for cls in _project_forms() | _view_forms()}
    with_passwords = {cls: fields for cls, fields in with_passwords.items() if fields}
    names = {cls.__name__ for cls in with_passwords}
    assert {"StudentSignupForm", "AuthenticationForm", "SetPasswordForm"} <= names
    for cls, fields in with_passwords.items():
        for name, field in fields:
            assert field.widget.render_value is False, f"{cls.__name__}.{name}"


@pytest.mark.django_db
def test_a_refused_signup_does_not_show_the_password_and_asks_for_12_characters(client):
    from ..catalogue.helpers import make_programme

    programme = make_programme(title_da="Datamatiker")
    secret = "kort-kode1"  # 10 characters: too short
    response = client.post(
        "/bro/studerende/opret/",
        {
            "first_name": "Amira", "last_name": "Holm", "email": "ikke-en-adresse",
            "password": secret, "programme": programme.pk, "semester": "3",
        },
    )  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    assert secret not in body
    assert "mindst 12 tegn" in body  # Django's own Danish message for the minimum length


@pytest.mark.django_db
def test_a_refused_login_does_not_show_the_password(client):
    UserFactory(username="ane")
    body = client.post("/konto/log-ind/", {"username": "ane", "password": "hemmeligt-1"})
    assert "hemmeligt-1" not in body.content.decode()


def test_passwords_must_have_12_characters_in_danish():
    from django.utils import translation

    with translation.override("da"):
        with pytest.raises(ValidationError) as error:
            password_validation.validate_password("Kort-kode-1")  # 11 characters
        assert "mindst 12 tegn" in " ".join(error.value.messages)
    password_validation.validate_password("demo-adgang-2026")  # the demo users' password
    assert len("demo-adgang-2026") >= 12


@pytest.mark.django_db
def test_personal_pages_are_not_stored(client):
    public = client.get("/politikker/")
    assert "no-store" not in public.get("Cache-Control", "")
    token_page = client.get("/deltag/mine-data/ugyldig-noegle/")
    assert "no-store" in token_page["Cache-Control"]
    for role in [Role.REGISTERED, Role.EDITOR]:
        client.force_login(UserFactory(role=role))
        for url in ["/", "/politikker/", "/deltag/mine-data/", "/bro/"]:
            response = client.get(url)
            assert response["Cache-Control"] == "private, no-store", (role, url)
    assert settings.MIDDLEWARE.index(
        "uddannelsesby.core.middleware.PrivateCacheMiddleware"
    ) > settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
