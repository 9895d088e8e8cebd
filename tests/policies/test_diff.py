from uddannelsesby.policies.diff import content_diff, word_diff


def content(**kwargs):
    base = {"title": "T", "summary": "", "background": "", "vision": "", "focus_areas": []}
    return base | kwargs


def test_word_diff_marks_removed_and_added_words():
    html = word_diff("flere unge i uddannelse", "flere unge i job")
    expected = 'flere unge i <del class="diff-removed">uddannelse</del>'
    assert html == expected + '<ins class="diff-added">job</ins>'


def test_word_diff_escapes_html():
    html = word_diff("<b>", "<script>alert(1)</script>")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_sections_are_compared_by_anchor_not_by_position():
    area = {"slug": "a", "title": "A", "introduction": "intro", "commitments": []}
    other = {"slug": "b", "title": "B", "introduction": "", "commitments": []}
    old = content(focus_areas=[area, other])
    new = content(focus_areas=[other, area | {"introduction": "ny intro"}])
    states = {s.key: s.state for s in content_diff(old, new)}
    assert states["area:a"] == "changed"
    assert states["area:b"] == "unchanged"


def test_added_and_removed_sections():
    commitment = {"slug": "c", "title": "C", "text": "tekst"}
    area = {"slug": "a", "title": "A", "introduction": "", "commitments": [commitment]}
    old = content(focus_areas=[area])
    new = content(focus_areas=[area | {"commitments": []}], vision="Ny vision")
    states = {s.key: s.state for s in content_diff(old, new)}
    assert states["commitment:a/c"] == "removed"
    assert states["vision"] == "changed"
    assert [s.key for s in content_diff(old, new)][-1] == "commitment:a/c"
