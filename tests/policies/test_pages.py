import pytest


@pytest.mark.django_db
def test_smoke_pages(client, editor_client, policy):
    for url in ["/", "/politikker/", f"/politikker/{policy.slug}/", "/tilgaengelighed/"]:
        assert client.get(url).status_code == 200, url
    for url in ["/politikker/redaktion/", f"/politikker/redaktion/{policy.slug}/"]:
        assert editor_client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_editors_list_groups_every_policy_by_area_in_the_overview_order(editor_client):
    from html.parser import HTMLParser

    from uddannelsesby.policies.models import Policy

    from ..factories import PolicyFactory

    PolicyFactory(title="Åben skole", sector=Policy.Sector.CHILDREN)
    PolicyFactory(title="Bibliotekspolitik", sector=Policy.Sector.CULTURE, listed_only=True)
    PolicyFactory(title="Uddannelsespolitik", sector=Policy.Sector.EDUCATION)
    PolicyFactory(title="Dagtilbud", sector=Policy.Sector.CHILDREN, status=Policy.Status.ARCHIVED)

    class Outline(HTMLParser):
        """The area headings in order, and the policies under each."""

        def __init__(self):
            super().__init__()
            self.areas: list[tuple[str, list[str]]] = []
            self.into = None

        def handle_starttag(self, tag, attrs):
            if tag in ("h2", "th"):
                self.into = tag

        def handle_data(self, data):
            if self.into == "h2" and data.strip():
                self.areas.append((data.strip(), []))
            elif self.into == "th" and self.areas and data.strip():
                self.areas[-1][1].append(data.strip())

        def handle_endtag(self, tag):
            if tag in ("h2", "th"):
                self.into = None

    response = editor_client.get("/politikker/redaktion/")
    assert response.status_code == 200
    outline = Outline()
    page = response.content.decode()
    outline.feed(page[page.index("<main") : page.index("</main>")])
    columns = ["Politik", "Status", "Ansvarlig", "Senest ændret"]
    assert outline.areas == [
        ("Politikområder", []),
        ("Uddannelse", [*columns, "Uddannelsespolitik"]),
        ("Børn og unge", [*columns, "Dagtilbud", "Åben skole"]),
        ("Kultur og biblioteker", [*columns, "Bibliotekspolitik"]),
    ]
    assert "endnu ikke importeret" in response.content.decode()
