import pytest


@pytest.mark.django_db
def test_was_redirects_to_the_accessibility_statement(client):
    for url in ["/was", "/was/"]:
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == "/tilgaengelighed/"


@pytest.mark.django_db
def test_footer_links_the_accessibility_statement_in_danish(client):
    html = client.get("/").content.decode()
    assert '<a href="/tilgaengelighed/">Tilgængelighedserklæring</a>' in html
    assert 'lang="da"' in html
    assert 'class="skipnav" href="#main-content"' in html


@pytest.mark.django_db
def test_danish_is_the_default_whatever_the_browser_asks_for(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Content-Language"] == "da"


@pytest.mark.django_db
def test_the_language_switch_is_a_plain_link_that_sets_a_cookie(client):
    response = client.get("/sprog/en/?next=/politikker/")
    assert response.status_code == 302
    assert response["Location"] == "/politikker/"
    page = client.get("/politikker/")
    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.content.decode()
    assert "Accessibility statement" in page.content.decode()


@pytest.mark.django_db
def test_the_language_switch_does_not_redirect_elsewhere(client):
    response = client.get("/sprog/en/?next=https://evil.example/")
    assert response["Location"] == "/"
    assert client.get("/sprog/xx/").status_code == 404
