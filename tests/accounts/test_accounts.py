import re

import pytest
from django.core import mail

from uddannelsesby.accounts.models import Role

from ..factories import UserFactory


@pytest.mark.django_db
def test_log_in_and_out(client):
    UserFactory(username="ane", role=Role.EDITOR)
    response = client.post("/konto/log-ind/", {"username": "ane", "password": "secret-pass-123"})
    assert response.status_code == 302
    assert (
        "Log ud" in client.get("/").content.decode()
        or "Log out" in client.get("/").content.decode()
    )
    assert client.post("/konto/log-ud/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_wrong_password_is_explained_and_the_username_kept(client):
    UserFactory(username="ane")
    response = client.post("/konto/log-ind/", {"username": "ane", "password": "forkert"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert 'value="ane"' in html


@pytest.mark.django_db
def test_password_reset_by_email(client):
    user = UserFactory(email="ane@example.dk")
    client.post("/konto/nulstil/", {"email": "ane@example.dk"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://127.0.0.1:8000(/konto/nulstil/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Et-nyt-kodeord-42", "new_password2": "Et-nyt-kodeord-42"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Et-nyt-kodeord-42")


@pytest.mark.django_db
def test_admin_role_and_superuser_are_one():
    admin = UserFactory(role=Role.ADMIN)
    assert admin.is_superuser
    assert admin.is_staff
    editor = UserFactory(role=Role.EDITOR)
    assert not editor.is_superuser
