"""The what-if app's HTTP API (docs/app.md), served for real by uvicorn on 127.0.0.1.

- ``POST /api/run`` returns the result document of the public path: its economics are those of
  ``orbitaldc cost --json`` on the YAML that ``POST /api/yaml`` wrote for the same scenario;
- bad input gets status 400 and one line ``error: <field>: <why>`` naming the field, and the server
  keeps serving;
- 200 concurrent requests (a bounded local load test: 127.0.0.1 only, a fixed count, a timeout) all
  get their own scenario's answer, and the server is up afterwards;
- the server binds loopback unless a public address is asked for explicitly.
"""

import concurrent.futures
import copy
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from test_cli_errors import orbitaldc

from orbitaldc import yaml_safe
from orbitaldc.app import api
from orbitaldc.app.presets import starting_path
from orbitaldc.app.server import bind_host, is_loopback, running

STUDIES = ROOT / "examples" / "studies"


def call(url: str, path: str, body=None, raw: bytes | None = None, content_type="application/json", timeout=60):
    """(status, headers, body text) of one request; HTTP errors are answers, not exceptions."""
    data = raw if raw is not None else None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path.lstrip("/"), data=data, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode()


@pytest.fixture(scope="module")
def url():
    with running() as base:
        yield base


@pytest.fixture(scope="module")
def h100():
    return api.scenario_file_document(EXAMPLES / "h100-1mw.yaml")


def test_run_is_what_orbitaldc_cost_prints_for_the_downloaded_yaml(url, h100, tmp_path):
    scenario = copy.deepcopy(h100)
    scenario["launch"]["usd_per_kg"] = 250.0
    status, headers, text = call(url, "/api/run", scenario)
    assert status == 200, text
    assert headers["Server-Timing"].startswith("compute;dur=")
    doc = json.loads(text)
    status, headers, text = call(url, "/api/yaml", scenario)
    assert status == 200 and "attachment" in headers["Content-Disposition"]
    path = tmp_path / "what-if.yaml"
    path.write_text(text)
    proc = orbitaldc("cost", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    cost = json.loads(proc.stdout)
    assert doc["economics"]["orbital"] == cost["economics"]["orbital"]
    assert doc["economics"]["terrestrial"] == cost["economics"]["terrestrial"]
    for key in ("breakeven_launch_usd_per_kg", "uncertainty", "orbital_usd_per_gpu_hour_with_free_launch"):
        assert doc["economics"][key] == cost["economics"][key], key
    assert doc["launch"]["usd_per_kg"] != pytest.approx(json.loads(
        call(url, "/api/run", h100)[2])["launch"]["usd_per_kg"])  # the price moved the answer
    assert yaml_safe.load(text) == scenario  # the YAML is the document, nothing added or lost


BAD = [
    # (what, request body bytes or a scenario edit, field named, words in the message)
    ("altitude below the schema's floor", ("constellation.orbit.altitude_km", -5),
     "constellation.orbit.altitude_km", ["greater than or equal to 160"]),
    ("typo in a key", ("satellite.compute.acelerator", "h100-sxm"), "satellite.compute.acelerator",
     ["unknown key"]),
    ("unknown vehicle", ("launch.vehicle", "saturn-v"), "launch.vehicle", ["unknown vehicle 'saturn-v'"]),
    ("text where a number goes", ("horizon_years", "five"), "horizon_years", ["number"]),
    ("unknown economic input", ("economics.inputs.launch_usd_per_kgg", 100), "economics.inputs",
     ["did you mean 'launch_usd_per_kg'"]),
    ("not JSON", b"{name: oops", "scenario", ["not valid JSON"]),
    ("a list, not a mapping", b"[1, 2]", "scenario", ["mapping"]),
]


def _edited(scenario: dict, path: str, value) -> dict:
    out = copy.deepcopy(scenario)
    *parents, leaf = path.split(".")
    node = out
    for key in parents:
        node = node.setdefault(key, {})
    if leaf == "acelerator":
        node.pop("accelerator")
    node[leaf] = value
    return out


@pytest.mark.parametrize(("what", "edit", "field", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_400_with_the_field_named_and_the_server_keeps_serving(url, h100, what, edit, field, words):
    if isinstance(edit, bytes):
        status, _, text = call(url, "/api/run", raw=edit)
    else:
        status, _, text = call(url, "/api/run", _edited(h100, *edit))
    assert status == 400, text
    assert "\n" not in text.strip() and "Traceback" not in text
    assert text.startswith(f"error: {field}: "), text
    for word in words:
        assert word in text, text
    status, _, text = call(url, "/api/run", h100)
    assert status == 200 and json.loads(text)["feasible"] is True


def test_bridge_adds_up_and_names_a_side_that_cannot_be_priced(url, h100):
    target = copy.deepcopy(h100)
    target["launch"]["usd_per_kg"] = 300.0
    target["economics"] = {"site": "abu-dhabi"}
    status, _, text = call(url, "/api/bridge", {"from": h100, "to": target, "to_label": "what-if"})
    assert status == 200, text
    doc = json.loads(text)
    assert [s["paths"] for s in doc["steps"]] == [["launch.usd_per_kg"], ["economics.site"]]
    assert sum(s["delta_usd_per_gpu_hour"] for s in doc["steps"]) == pytest.approx(
        doc["to_usd_per_gpu_hour"] - doc["from_usd_per_gpu_hour"], rel=1e-12, abs=1e-12)
    unpriced = copy.deepcopy(h100)
    del unpriced["launch"]
    status, _, text = call(url, "/api/bridge", {"from": h100, "to": unpriced})
    assert status == 400 and text.startswith("error: to: not priced"), text


def test_wrong_content_type_and_foreign_host_are_refused(url, h100):
    status, _, text = call(url, "/api/run", h100, content_type="text/plain")
    assert status == 415 and text.startswith("error: content-type:")
    status, _, text = call(url, "/api/run", raw=b" " * 1_000_001)
    assert status == 413 and text.startswith("error: scenario: request body larger than")
    request = urllib.request.Request(url + "api/health", headers={"Host": "attacker.example:8050"})
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(request, timeout=10)
    assert exc.value.code == 421


def test_two_hundred_concurrent_requests_each_get_their_own_answer(url):
    """A bounded local load test: 200 requests from 32 client threads to 127.0.0.1, one in ten bad."""
    scenario = api.scenario_file_document(STUDIES / "suncatcher-2025.yaml")  # the cheapest preset to price
    scenario["economics"]["uncertainty"] = {"samples": 1000}  # a smaller Monte Carlo: the load is the point
    prices = [50.0 * (k + 1) for k in range(8)]
    expected = {}
    for p in prices:
        s = copy.deepcopy(scenario)
        s["economics"]["inputs"]["launch_usd_per_kg"] = p
        expected[p] = api.run_document(s)["economics"]["orbital"]["usd_per_gpu_hour"]
    assert len(set(expected.values())) == len(prices)  # each price is its own answer

    def one(i: int):
        s = copy.deepcopy(scenario)
        if i % 10 == 9:
            s["horizon_years"] = -1
            return i, None, call(url, "/api/run", s, timeout=120)
        p = prices[i % len(prices)]
        s["economics"]["inputs"]["launch_usd_per_kg"] = p
        return i, p, call(url, "/api/run", s, timeout=120)

    with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
        answers = list(pool.map(one, range(200)))
    assert len(answers) == 200
    for i, price, (status, _, text) in answers:
        if price is None:
            assert status == 400 and text.startswith("error: horizon_years: "), (i, status, text)
        else:
            assert status == 200, (i, status, text)
            assert json.loads(text)["economics"]["orbital"]["usd_per_gpu_hour"] == expected[price], i
    assert call(url, "/api/health")[0] == 200


def test_meta_lists_controls_with_unit_range_and_source_and_the_presets(url):
    status, _, text = call(url, "/api/meta")
    meta = json.loads(text)
    ids = {c["id"] for c in meta["controls"]}
    assert {"vehicle", "launch_usd_per_kg", "accelerator", "bus_usd_per_w", "solar_array_usd_per_w", "solar",
            "specific_power_w_per_kg", "altitude_km", "ltan_h", "radiator", "temperature_c", "horizon_years",
            "site"} <= ids
    for c in meta["controls"]:
        assert c["range_note"] and c["source"] and "unit" in c, c["id"]
        if c["kind"] == "range":
            assert c["min"] < c["max"]
        for option in c.get("options", []):
            assert option["source"], (c["id"], option["value"])
    vehicles = {o["value"]: o["source"] for o in next(c for c in meta["controls"] if c["id"] == "vehicle")["options"]}
    assert "list price $67 M" in vehicles["falcon-9"]  # the catalog's citation, not a paraphrase
    studies = {p["id"] for p in meta["presets"] if p["group"] == "study"}
    assert {f"studies/{p.stem}" for p in STUDIES.glob("*.yaml")} <= studies
    assert meta["start"]["scenario"]["name"] == "h100-1mw"


def test_shipped_starting_scenario_is_the_example():
    assert yaml_safe.load(starting_path().read_text()) == yaml_safe.load((EXAMPLES / "h100-1mw.yaml").read_text())


def test_loopback_unless_a_public_address_is_asked_for():
    assert bind_host(None) == "127.0.0.1"
    for host in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"):
        assert is_loopback(host) and bind_host(host) == host
    for host in ("0.0.0.0", "::", "192.0.2.10", "example.org"):
        assert not is_loopback(host)
        with pytest.raises(ValueError, match="not a loopback address"):
            bind_host(host)
        assert bind_host(host, explicit=True) == host  # `orbitaldc app --host ADDRESS` asks for it


def _listening(port: int) -> list[str]:
    """Local addresses listening on ``port`` (hex as in /proc/net/tcp*)."""
    out = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                out.append(address)
    return out


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc/net/tcp")
def test_the_command_binds_loopback_by_default():
    import subprocess

    proc = subprocess.Popen([sys.executable, "-m", "orbitaldc", "app", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("orbitaldc app: http://127.0.0.1:"), (line, proc.stderr.read() if proc.poll() else "")
        port = int(line.split("127.0.0.1:")[1].split("/")[0])
        assert _listening(port) == ["0100007F"]  # 127.0.0.1, little-endian hex; not 0.0.0.0 (00000000)
        assert call(f"http://127.0.0.1:{port}/", "/api/health")[0] == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_busy_port_is_a_one_line_error():
    with running() as base:
        port = base.rsplit(":", 1)[1].strip("/")
        proc = orbitaldc("app", "--port", port)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("error: --port: cannot listen on 127.0.0.1:"), proc.stderr


def test_docs_list_exactly_the_api_the_server_serves():
    import re

    from orbitaldc.app.server import create_app

    documented = set(re.findall(r"^\| `(GET|POST) (/api/\w+)`", (ROOT / "docs" / "app.md").read_text(), re.M))
    app = create_app()
    served = {(m, r.path) for r in app.routes if r.path.startswith("/api/") for m in r.methods - {"HEAD"}}
    assert documented == served
