import re

from uddannelsesby.indicators.charts import Line, render_chart, sanitise_svg

RAW = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50">'
    "<style>.a{fill:red}</style><script>alert(1)</script>"
    '<g class="mark" role="graphics-object" aria-roledescription="group" onclick="x()">'
    '<text style="font-family: sans-serif; font-size: 11px; background: url(x)">2024</text>'
    "</g></svg>"
)


def test_sanitise_svg_removes_what_the_csp_forbids():
    svg = sanitise_svg(RAW, title="Frafald & mere", description="I 2024 ...", ident="c 1")
    assert "style" not in svg
    assert "script" not in svg
    assert "onclick" not in svg
    assert 'font-family="sans-serif"' in svg
    assert 'font-size="11px"' in svg
    assert "url(" not in svg
    assert "graphics-object" not in svg
    assert "aria-roledescription" not in svg
    assert 'role="img"' in svg
    assert 'aria-labelledby="c-1-title"' in svg
    assert '<title id="c-1-title">Frafald &amp; mere</title>' in svg
    assert '<desc id="c-1-desc">I 2024 ...</desc>' in svg
    assert 'width="100"' not in svg
    assert 'viewBox="0 0 100 50"' in svg


def test_render_chart_is_accessible_svg():
    lines = [
        Line("Herning", (("2023", 8.0), ("2024", 8.1))),
        Line("Hele landet", (("2023", 7.1), ("2024", None))),
    ]
    svg = render_chart(
        lines=lines,
        targets=[("2030", 5.0, "Mål")],
        y_title="procent",
        target_label="Mål",
        title="Frafald",
        description="I 2024 havde 8,1 % afbrudt.",
        ident="chart-x",
        language="da",
    )
    assert svg.startswith("<svg")
    assert not re.search(r"\sstyle=", svg)
    assert "<style" not in svg
    assert "<script" not in svg
    assert "Herning" in svg
    assert "2030" in svg
    assert "8,0" in svg or "8,1" in svg  # Danish decimal comma on the axis
