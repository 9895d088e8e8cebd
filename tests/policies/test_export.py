import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from uddannelsesby.accounts.models import Organisation
from uddannelsesby.policies import services
from uddannelsesby.policies.models import Policy
from uddannelsesby.policies.selectors import policy_export

from ..factories import OrganisationFactory, adopted_policy


def export_all() -> str:
    return json.dumps(policy_export(Policy.objects.order_by("slug")), sort_keys=True)


@pytest.mark.django_db
def test_round_trip_into_an_empty_database_gives_the_same_json(editor):
    owner = OrganisationFactory(name="By, Erhverv og Kultur")
    first = adopted_policy(areas=3, commitments=2, owner=owner, sdg_targets=["4.3"])
    second = adopted_policy(areas=1, commitments=1)
    services.policy_update(actor=editor, policy=first, related=[second])
    services.commitment_update(
        actor=editor, commitment=first.focus_areas.first().commitments.first(), text="Ændret"
    )
    services.policy_send_to_hearing(actor=editor, policy=first)
    before = export_all()

    Policy.objects.all().delete()
    Organisation.objects.all().delete()
    services.policy_import(actor=editor, data=json.loads(before))

    assert export_all() == before


@pytest.mark.django_db
def test_import_is_all_or_nothing(editor):
    policy = adopted_policy(areas=1, commitments=1)
    data = policy_export([policy])
    data["policies"][0]["slug"] = "ny-politik"
    broken = json.loads(json.dumps(data["policies"][0]))
    del broken["content"]
    data["policies"].append(broken | {"slug": "oedelagt"})
    with pytest.raises(ValidationError):
        services.policy_import(actor=editor, data=data)
    assert not Policy.objects.filter(slug="ny-politik").exists()


@pytest.mark.django_db
def test_import_refuses_an_existing_slug_and_foreign_files(editor):
    policy = adopted_policy(areas=1, commitments=1)
    with translation.override("en"), pytest.raises(ValidationError, match="exists already"):
        services.policy_import(actor=editor, data=policy_export([policy]))
    with pytest.raises(ValidationError):
        services.policy_import(actor=editor, data={"format": "something else"})


@pytest.mark.django_db
def test_commands_export_and_import(tmp_path, editor):
    adopted_policy(areas=2, commitments=2, slug="eksport")
    target = tmp_path / "policies.json"
    call_command("policy_export", "--output", str(target))
    exported = target.read_text()
    Policy.objects.all().delete()
    call_command("policy_import", str(target))
    assert Policy.objects.get(slug="eksport").focus_areas.count() == 2
    assert (
        json.dumps(policy_export(Policy.objects.order_by("slug")), indent=2, ensure_ascii=False)
        + "\n"
        == exported
    )


@pytest.mark.django_db
def test_editor_can_download_and_upload_an_export(editor_client):
    policy = adopted_policy(areas=1, commitments=1, slug="web-eksport")
    response = editor_client.get(f"/politikker/redaktion/{policy.slug}/eksport/")
    assert response["Content-Type"] == "application/json"
    Policy.objects.all().delete()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("eksport.json", response.content, "application/json")
    response = editor_client.post("/politikker/redaktion/importer/", {"file": upload})
    assert response.status_code == 302
    assert Policy.objects.filter(slug="web-eksport").exists()


@pytest.mark.django_db
def test_a_bad_upload_is_explained_next_to_the_field(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.json", b"{not json", "application/json")
    response = editor_client.post("/politikker/redaktion/importer/", {"file": upload})
    assert response.status_code == 400
    assert 'id="id_file-error"' in response.content.decode()
