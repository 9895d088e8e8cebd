"""axe on the site's own error page, as a visitor meets it after a mistyped address."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.django_db
def test_the_404_page_is_accessible(page, live_server, assert_accessible):
    response = page.goto(live_server.url + "/findes-ikke/")
    assert response is not None
    assert response.status == 404
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Siden blev ikke fundet"
    assert_accessible(page)
