import pytest
from django.core.management import call_command

from uddannelsesby.accounts.models import Role, User
from uddannelsesby.policies.models import Policy

EDUCATION = "politik-for-erhvervs-og-videregaaende-uddannelser"


@pytest.mark.django_db
def test_demo_loads_once_with_the_education_policy(capsys):
    call_command("demo")
    assert "Demo data loaded" in capsys.readouterr().out
    policy = Policy.objects.get(slug=EDUCATION)
    assert policy.focus_areas.count() == 5
    assert sum(area.commitments.count() for area in policy.focus_areas.all()) == 23
    assert Policy.objects.filter(status=Policy.Status.ADOPTED).count() == 7
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)

    call_command("demo")
    assert "already present" in capsys.readouterr().out
    assert Policy.objects.count() == 7


@pytest.mark.django_db
def test_demo_policy_page_and_pdf(client):
    call_command("demo")
    html = client.get(f"/politikker/{EDUCATION}/").content.decode()
    for title in [
        "Unikke læringsmiljøer og kvalitetsuddannelser",
        "Mindre frafald",
        "Ungdomsboliger og kollegier",
    ]:
        assert title in html
    pdf = client.get(f"/politikker/{EDUCATION}/pdf/")
    assert pdf.status_code == 200
