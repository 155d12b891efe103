"""Charts of the dashboard as server-side SVG, drawn by pygal and made fit for the site's
Content-Security-Policy (own files only, no inline script or style).

pygal writes a `<style>` and a `<script>` into each chart, and a tooltip layer that its
script drives. `svg` removes all three, gives each bar a native `<title>` (the browser's
own tooltip), and names the chart for assistive technology (role="img", a title and a
description); the styles pygal would have inlined are served once by the site itself
(`stylesheet`, at /coordination/charts.css). Nothing is loaded from another host. The
same data gives the same SVG, which is kept in the cache under a hash of it.
"""

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from functools import lru_cache

import pygal
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from pygal.style import Style

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
CACHE_SECONDS = 3600
# Okabe and Ito's palette: told apart by readers with colour-blindness.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D1F", "#000000")
STYLE = Style(
    font_family='"Noto Sans", system-ui, sans-serif',
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b2430",
    foreground_strong="#1b2430",
    foreground_subtle="#4a5563",
    colors=COLOURS,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    title_font_size=15,
    value_font_size=12,
)
KINDS = {"bar": pygal.Bar, "stacked": pygal.StackedBar, "horizontal": pygal.HorizontalBar}
WIDTH = 720
LEGEND_COLUMNS = 4
# A legend entry's width: the colour box and gap, then about 7.5 px per character at 13 px.
LEGEND_BOX, LEGEND_CHARACTER = 28, 7.5
_ID = re.compile(r"#chart-[0-9a-f-]+")


def _config(**extra):
    return {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": WIDTH,
        "height": 340,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": LEGEND_COLUMNS,
        "truncate_legend": -1,
        "truncate_label": -1,
        "x_label_rotation": 0,
        "margin": 10,
        "margin_bottom": 24,
        **extra,
    }


def _q(tag):
    return f"{{{SVG}}}{tag}"


def _clean(markup, *, key, title, description):
    root = ET.fromstring(markup)
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag
            if tag in (_q("script"), _q("style")) or "tooltip" in child.get("class", "").split():
                parent.remove(child)
            elif tag == _q("desc") and child.get("class") != "value":
                parent.remove(child)
            elif tag == _q("desc"):
                child.tag = _q("title")  # a native tooltip: "Indonesia: 4"
            elif tag == _q("title") and parent is root:
                parent.remove(child)  # pygal's own; ours comes first below
    root.set("id", f"chart-{key}")
    root.set("role", "img")
    root.set("aria-labelledby", f"chart-{key}-title chart-{key}-desc")
    root.set("focusable", "false")
    desc = ET.Element(_q("desc"), {"id": f"chart-{key}-desc"})
    desc.text = str(description)
    heading = ET.Element(_q("title"), {"id": f"chart-{key}-title"})
    heading.text = str(title)
    root.insert(0, desc)
    root.insert(0, heading)
    return ET.tostring(root, encoding="unicode")


def _legend_columns(names):
    """As many legend columns as the longest name lets fit untruncated (pygal gives each
    column an equal share of the width): a long Indonesian label gets a row of its own
    rather than running out of the chart."""
    longest = max((len(str(name)) for name in names), default=0)
    fits = int(WIDTH // (LEGEND_BOX + LEGEND_CHARACTER * longest)) if longest else LEGEND_COLUMNS
    return max(1, min(LEGEND_COLUMNS, fits))


def svg(kind, *, key, title, description, x_labels, series, **options):
    """A chart as inline SVG markup: `series` is [(name, [value per x label])]; `key` names
    it on the page (its element ids). Cached under a hash of everything it shows."""
    fingerprint = json.dumps(
        [
            kind,
            key,
            str(title),
            str(description),
            list(map(str, x_labels)),
            [(str(name), list(values)) for name, values in series],
            options,
            get_language(),
        ],
        default=str,
    )
    cache_key = "chart:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    cached = cache.get(cache_key)
    if cached is None:
        options.setdefault("legend_at_bottom_columns", _legend_columns(n for n, _ in series))
        chart = KINDS[kind](**_config(**options))
        chart.x_labels = [str(label) for label in x_labels]
        for name, values in series:
            chart.add(str(name), [value or None for value in values])
        cached = _clean(
            chart.render(is_unicode=True), key=key, title=title, description=description
        )
        cache.set(cache_key, cached, CACHE_SECONDS)
    return mark_safe(cached)  # noqa: S308  (built by pygal and ElementTree from escaped text)


@lru_cache(maxsize=1)
def stylesheet():
    """The CSS pygal would inline in every chart, for every chart: served as a file."""
    chart = pygal.Bar(**_config())
    for index in range(len(COLOURS)):
        chart.add(f"s{index}", [1])
    markup = chart.render(is_unicode=True)
    css = re.search(r"<style[^>]*>(.*?)</style>", markup, re.S).group(1)
    css = _ID.sub("svg.pygal-chart", css).replace("&gt;", ">")
    # The tooltip layer is gone; pygal's hover transitions are kept.
    return css + "\nsvg.pygal-chart { max-width: 100%; height: auto; }\n"
