"""The report in a real browser: Debian's headless Chromium, driven by playwright (no browser download).

Opens report.html from file://, refuses every non-file request (and fails if one is made),
fails on any console error, checks that every plot drew something (SVG marks, or for the 3-D
globe a WebGL scene whose rendered image is not blank), that the verdict numbers are those of
result.json, and saves a screenshot to out/report-screenshot.png. Without Chromium the test
skips, except under CI=true, where it fails.
"""

import json
import os
import re

import pytest
from conftest import EXAMPLES, ROOT

from orbitaldc import load_scenario, run
from orbitaldc.report import write_outputs

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCALE = {"k": 1e3, "M": 1e6, "B": 1e9, "T": 1e12, "kW": 1e3, "MW": 1e6, "GW": 1e9, "W": 1.0, "t": 1e3}

PLOTS_JS = """() => [...document.querySelectorAll('.plotly-graph-div')].map(d => {
  const svg = d.querySelector('svg.main-svg');
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  const marks = d.querySelectorAll('.overplot path, .overplot image, .layer-below .shapelayer path').length;
  const canvases = [...d.querySelectorAll('.gl-container canvas')].filter(c => c.width > 0 && c.height > 0);
  const scene = d._fullLayout && d._fullLayout.scene && d._fullLayout.scene._scene;
  return {id: d.id, width: box.width, height: box.height, marks: marks, canvases: canvases.length,
          gl: !!(scene && scene.glplot)};
})"""

# Colours in the image Plotly renders from a WebGL scene: a blank scene has one or two.
SCENE_COLOURS_JS = """async (id) => {
  const url = await Plotly.toImage(document.getElementById(id), {format: 'png', width: 360, height: 270});
  const img = new Image();
  img.src = url;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = 360; c.height = 270;
  const ctx = c.getContext('2d', {willReadFrequently: true});
  ctx.drawImage(img, 0, 0);
  const px = ctx.getImageData(0, 0, 360, 270).data;
  const colours = new Set();
  for (let i = 0; i < px.length; i += 4 * 7) colours.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
  return colours.size;
}"""


def _playwright_or_skip():
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason, sync_playwright = "python playwright is not installed (pip install -e '.[dev]')", None
    if reason is None and not os.access(CHROMIUM, os.X_OK):
        reason = f"Debian's chromium is not at {CHROMIUM} (make test installs it: apt-get install chromium)"
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test cannot run in CI: {reason}")
        pytest.skip(reason)
    return sync_playwright


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """The demo scenario end to end (timeline included: ~3 s for 81 satellites)."""
    result = run(load_scenario(EXAMPLES / "tpu-cluster-81.yaml"))
    return write_outputs(result, tmp_path_factory.mktemp("report"))


def _lookup(doc, key):
    for part in key.split("."):
        doc = doc[part]
    return doc


def _shown_number(text: str) -> float | None:
    """The number a verdict card shows, in the unit of its key ("$441 M" -> 4.41e8, "7.31 MW" -> 7.31e6)."""
    m = re.search(r"(-?[\d,]*\.?\d+)\s*([A-Za-z]*)", text.replace("−", "-"))
    if m is None:
        return None
    return float(m.group(1).replace(",", "")) * SCALE.get(m.group(2), 1.0)


def test_report_in_headless_chromium(outputs):
    sync_playwright = _playwright_or_skip()
    doc = json.loads(outputs["result"].read_text())
    errors, external = [], []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/*", route)
            page.goto(outputs["report"].as_uri(), wait_until="load")
            page.wait_for_function("() => [...document.querySelectorAll('.plotly-graph-div')]"
                                   ".every(d => d._fullLayout && d.querySelector('svg.main-svg'))", timeout=60_000)
            plots = page.evaluate(PLOTS_JS)
            scenes = {q["id"]: page.evaluate(SCENE_COLOURS_JS, q["id"]) for q in plots if q["canvases"]}
            shown = page.evaluate("() => [...document.querySelectorAll('[data-key][data-value]')]"
                                  ".map(e => [e.dataset.key, e.dataset.value, e.textContent])")
            sampled = page.inner_text("[data-key='sampled']")
            (ROOT / "out").mkdir(exist_ok=True)
            page.screenshot(path=str(ROOT / "out" / "report-screenshot.png"), full_page=True)
        finally:
            browser.close()

    assert errors == [], errors
    assert external == [], external
    assert len(plots) >= 9
    for q in plots:
        assert q["width"] > 300 and q["height"] > 200, q
        assert q["marks"] > 0 or (q["canvases"] and q["gl"]), q  # SVG marks, or a live WebGL scene
    assert "plot-globe" in scenes and all(n > 8 for n in scenes.values()), scenes
    assert re.fullmatch(r"showing \d[\d,]* of \d[\d,]* satellites.*", sampled, flags=re.S)

    keys = {k for k, _, _ in shown}
    assert {"feasible", "design.fleet.satellites", "design.fleet.it_power_w"} <= keys
    if doc.get("economics", {}).get("feasible"):
        assert {"economics.orbital.usd_per_gpu_hour", "economics.terrestrial.usd_per_gpu_hour",
                "economics.orbital.usd_per_kwh_it", "economics.breakeven_launch_usd_per_kg"} <= keys
    for key, value, text in shown:
        expected = _lookup(doc, key)
        assert json.loads(value) == expected, key  # the exact number of result.json
        if isinstance(expected, (int, float)) and not isinstance(expected, bool):
            assert _shown_number(text) == pytest.approx(expected, rel=0.006), (key, text)
