"""Charts as SVG made on the server: a Vega-Lite spec (Altair) rendered by vl-convert.

The SVG is put inline in the page, so it must pass the strict Content Security Policy: no
style attributes, no <style> or <script>, no event handlers. `sanitise_svg` turns style
declarations into presentation attributes and drops the rest. The chart is an image with a
title and a description for screen readers; the numbers are in a table beside it.
"""

import hashlib
import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 (we parse our own renderer's output)
from dataclasses import dataclass

import altair as alt
import vl_convert as vlc
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
CACHE_SECONDS = 24 * 3600
# Colours with at least 3:1 contrast against white (WCAG 1.4.11); lines also differ in dash
# and marker shape, so colour is never the only difference (WCAG 1.4.1).
STYLES = [
    {"color": "#004b87", "dash": [1, 0], "shape": "circle"},
    {"color": "#a3480b", "dash": [7, 3], "shape": "square"},
    {"color": "#3d3d3d", "dash": [2, 2], "shape": "triangle-up"},
    {"color": "#6a2c91", "dash": [10, 3, 2, 3], "shape": "diamond"},
]
TARGET_STYLE = {"color": "#00703c", "shape": "cross"}
PRESENTATION = {
    "fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "opacity", "font-family",
    "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline",
    "pointer-events", "visibility", "display",
}  # fmt: skip
DROP_ELEMENTS = {f"{{{SVG_NS}}}style", f"{{{SVG_NS}}}script", f"{{{SVG_NS}}}foreignObject"}
SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class Line:
    label: str
    points: tuple[tuple[str, float | None], ...]


def chart_spec(
    *, lines: list[Line], targets: list[tuple[str, float, str]], y_title: str, target_label: str
) -> dict:
    rows = [
        {"period": period, "value": value, "series": line.label}
        for line in lines
        for period, value in line.points
    ]
    labels = [line.label for line in lines]
    styles = STYLES[: len(labels)]
    domain = sorted({row["period"] for row in rows} | {period for period, _v, _l in targets})
    x = alt.X("period:O", title=None, scale=alt.Scale(domain=domain), axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False))
    legend = alt.Legend(title=None, orient="bottom", direction="horizontal", symbolSize=120)
    series = alt.Chart(alt.Data(values=rows)).encode(
        x=x,
        y=y,
        color=alt.Color(
            "series:N",
            scale=alt.Scale(domain=labels, range=[s["color"] for s in styles]),
            legend=legend,
        ),
        strokeDash=alt.StrokeDash(
            "series:N",
            scale=alt.Scale(domain=labels, range=[s["dash"] for s in styles]),
            legend=None,
        ),
        shape=alt.Shape(
            "series:N",
            scale=alt.Scale(domain=labels, range=[s["shape"] for s in styles]),
            legend=None,
        ),
    )
    layers = [
        series.mark_line(strokeWidth=2.5),
        series.mark_point(filled=True, size=45, opacity=1),
    ]
    if targets:
        target_rows = [{"period": p, "value": v, "series": target_label} for p, v, _l in targets]
        layers.append(
            alt.Chart(alt.Data(values=target_rows))
            .mark_point(shape=TARGET_STYLE["shape"], size=160, filled=True, opacity=1)
            .encode(x=x, y=y, color=alt.value(TARGET_STYLE["color"]))
        )
    chart = alt.layer(*layers).properties(width=560, height=380)
    chart = chart.configure_axis(labelFontSize=13, titleFontSize=13, labelColor="#1a1a1a",
                                 titleColor="#1a1a1a", gridColor="#e0e0e0", domainColor="#545454",
                                 tickColor="#545454")  # fmt: skip
    chart = chart.configure_legend(labelFontSize=13, labelColor="#1a1a1a", labelLimit=300)
    return chart.configure_view(stroke=None).to_dict()


def sanitise_svg(svg: str, *, title: str, description: str, ident: str) -> str:
    """The SVG without style attributes, scripts or handlers, as an image with a text."""
    root = ET.fromstring(svg)  # noqa: S314 (vl-convert's output, not user input)
    _clean(root, is_root=True)
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    ident = SAFE_ID.sub("-", ident)
    root.set("role", "img")
    root.set("aria-labelledby", f"{ident}-title")
    root.set("aria-describedby", f"{ident}-desc")
    root.set("focusable", "false")
    root.set("class", "indicator-chart__svg")
    title_element = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{ident}-title"})
    title_element.text = title
    desc_element = ET.Element(f"{{{SVG_NS}}}desc", {"id": f"{ident}-desc"})
    desc_element.text = description
    root.insert(0, desc_element)
    root.insert(0, title_element)
    # Other libraries share ElementTree's prefix registry, so name ours each time.
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode")


def _clean(element: ET.Element, *, is_root: bool = False) -> None:
    for child in list(element):
        if child.tag in DROP_ELEMENTS:
            element.remove(child)
        else:
            _clean(child)
    style = element.attrib.pop("style", "")
    for declaration in style.split(";"):
        name, _sep, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name in PRESENTATION and value and "url(" not in value.lower():
            element.set(name, value)
    for attribute in list(element.attrib):
        lowered = attribute.lower()
        unsafe = lowered.startswith("on") or lowered in {"class", "role"} and not is_root
        if unsafe or lowered.startswith("aria-"):
            del element.attrib[attribute]


def render_chart(
    *,
    lines: list[Line],
    targets: list[tuple[str, float, str]],
    y_title: str,
    target_label: str,
    title: str,
    description: str,
    ident: str,
    language: str,
) -> SafeString:
    """The chart as inline SVG, cached by its content."""
    spec = chart_spec(lines=lines, targets=targets, y_title=y_title, target_label=target_label)
    payload = json.dumps([spec, title, description, ident, language], sort_keys=True)
    key = "indicators:chart:" + hashlib.sha256(payload.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        locale = "da-DK" if language.startswith("da") else "en-US"
        raw = vlc.vegalite_to_svg(spec, format_locale=locale)
        svg = sanitise_svg(raw, title=title, description=description, ident=ident)
        cache.set(key, svg, CACHE_SECONDS)
    return mark_safe(svg)  # noqa: S308 (made by us from numbers and escaped text)
