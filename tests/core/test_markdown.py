from uddannelsesby.core.markdown import render_markdown


def test_markdown_is_rendered():
    assert (
        render_markdown("**fed** og *kursiv*") == "<p><strong>fed</strong> og <em>kursiv</em></p>"
    )


def test_scripts_and_event_handlers_are_removed():
    html = render_markdown(
        '<script>alert(1)</script><img src=x onerror="alert(1)"> [a](javascript:alert(1))'
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_headings_start_below_the_page_outline():
    assert render_markdown("# Stor\n\n## Mindre") == "<h3>Stor</h3>\n<h3>Mindre</h3>"


def test_links_get_a_safe_rel():
    assert 'rel="noopener noreferrer"' in render_markdown("[Herning](https://www.herning.dk)")
