import pytest


@pytest.mark.django_db
def test_smoke_pages(client, editor_client, policy):
    for url in ["/", "/politikker/", f"/politikker/{policy.slug}/", "/tilgaengelighed/"]:
        assert client.get(url).status_code == 200, url
    for url in ["/politikker/redaktion/", f"/politikker/redaktion/{policy.slug}/"]:
        assert editor_client.get(url).status_code == 200, url
