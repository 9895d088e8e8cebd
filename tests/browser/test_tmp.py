import pytest
from uddannelsesby.policies import services
from tests.factories import adopted_policy
from .conftest import WCAG_TAGS
pytestmark = pytest.mark.browser

def test_probe(editor_page, live_server, browser_editor, axe):
    page = editor_page
    p = adopted_policy(areas=0, commitments=0, title="P", slug="p", background="b", vision="v")
    for t in ["Vision", "Baggrund", "Main content", "Policy tree", "Error summary", "Contents"]:
        services.focus_area_create(actor=None, policy=p, title=t)
    services.policy_send_to_hearing(actor=None, policy=p)
    for u in ["/politikker/p/", "/politikker/redaktion/p/"]:
        page.goto(live_server.url + u)
        r = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        print(u, r.generate_report())
        print(page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id).filter((v, i, a) => a.indexOf(v) !== i)"))
