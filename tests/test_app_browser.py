"""The what-if app in a real browser: Debian's headless Chromium driven by playwright (no browser
download), against the app served by uvicorn on 127.0.0.1.

Opens the page, refuses (and fails on) any request that leaves the app's own origin, moves the
launch-price slider, and checks that the verdict changes to exactly the orbital $/GPU-hour that
``orbitaldc cost --json`` prints for the scenario YAML the page downloads; that the bridge from the
starting scenario names the one change and adds up; and that the page's URL reproduces the state in
a fresh tab. Saves a screenshot to out/app-screenshot.png. Without Chromium the test skips, except
under CI=true, where it fails.
"""

import json

from conftest import ROOT
from test_cli_errors import orbitaldc
from test_report_browser import ARGS, CHROMIUM, _playwright_or_skip

from orbitaldc import yaml_safe
from orbitaldc.app.server import running
from orbitaldc.report.numbers import sig

ORBITAL = "#v-orbital"
SETTLED = "(seq) => document.body.dataset.seq && Number(document.body.dataset.seq) >= seq"


def _shown(page) -> tuple[float, str]:
    el = page.locator(ORBITAL)
    return json.loads(el.get_attribute("data-value")), el.inner_text()


def _wait_for_result(page, after: int = 1) -> int:
    page.wait_for_function(SETTLED, arg=after, timeout=60_000)
    return int(page.evaluate("() => document.body.dataset.seq"))


def test_slider_moves_the_verdict_to_what_orbitaldc_cost_says(tmp_path):
    sync_playwright = _playwright_or_skip()
    errors, external = [], []
    with running() as url, sync_playwright() as p:
        def route(r):
            if r.request.url.startswith((url, "data:", "blob:")):
                r.continue_()
            else:
                external.append(r.request.url)
                r.abort()

        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
            context.route("**/*", route)
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url, wait_until="load")
            seq = _wait_for_result(page)
            before, _ = _shown(page)

            slider = page.locator("#in-launch_usd_per_kg")
            box = slider.bounding_box()
            page.mouse.click(box["x"] + 0.2 * box["width"], box["y"] + box["height"] / 2)  # towards $10/kg
            page.wait_for_function(f"() => JSON.parse(document.querySelector('{ORBITAL}').dataset.value) !== {before}",
                                   timeout=60_000)
            seq = _wait_for_result(page, seq)
            after, text = _shown(page)
            price = float(page.input_value("#num-launch_usd_per_kg"))

            with page.expect_download() as download:
                page.click("#download")
            path = tmp_path / "what-if.yaml"
            download.value.save_as(path)

            page.wait_for_function("() => /1 steps/.test(document.getElementById('bridge-note').textContent)",
                                   timeout=60_000)
            steps = page.locator("#bridge-steps tr").all_inner_texts()
            shared = page.url
            (ROOT / "out").mkdir(exist_ok=True)
            page.screenshot(path=str(ROOT / "out" / "app-screenshot.png"), full_page=True)

            again = context.new_page()  # the link alone reproduces the state
            again.goto(shared, wait_until="load")
            _wait_for_result(again)
            restored, _ = _shown(again)
            restored_price = float(again.input_value("#num-launch_usd_per_kg"))
        finally:
            browser.close()

    assert errors == [], errors
    assert external == [], external  # offline: plotly.js and everything else from the app itself
    assert after != before and after < before  # a cheaper launch, a cheaper orbit
    assert 10.0 <= price < 100.0

    scenario = yaml_safe.load(path.read_text())
    assert scenario["launch"]["usd_per_kg"] == price  # the YAML holds what the slider shows
    proc = orbitaldc("cost", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    cost = json.loads(proc.stdout)["economics"]
    assert after == cost["orbital"]["usd_per_gpu_hour"]  # the exact number, same public path
    assert text == "$" + sig(after)  # shown with the CLI's and the report's rounding rule

    assert any("launch.usd_per_kg" in row for row in steps), steps  # the bridge names the one change
    assert restored == after and restored_price == price
