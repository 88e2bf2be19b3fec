// orbitaldc what-if page, part 2: controls -> scenario document -> POST /api/run -> verdict (docs/app.md).
// The page holds one scenario document (the mapping a scenario YAML file holds); every control reads
// and writes one path of it, the URL hash carries it (shareable), and the server does all the physics.
"use strict";

const STEPS = 1000;                 // slider positions; a log slider maps them geometrically
const state = {scenario: null, base: "start", from: "start", ops: false};
let meta = null, last = null, seq = 0, bridgeSeq = 0, runTimer = null, bridgeTimer = null;

// ---- small helpers -------------------------------------------------------------------------------
const clone = (x) => JSON.parse(JSON.stringify(x));

function set(obj, path, value) {
  const keys = path.split(".");
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof o[k] !== "object" || o[k] === null) o[k] = {};
    o = o[k];
  }
  o[keys[keys.length - 1]] = value;
}
function unset(obj, path) {           // remove a leaf and the mappings it leaves empty
  const keys = path.split(".");
  const chain = [obj];
  for (const k of keys.slice(0, -1)) {
    const next = chain[chain.length - 1][k];
    if (typeof next !== "object" || next === null) return;
    chain.push(next);
  }
  delete chain[chain.length - 1][keys[keys.length - 1]];
  for (let i = chain.length - 1; i > 0; i--) {
    if (Object.keys(chain[i]).length) break;
    delete chain[i - 1][keys[i - 1]];
  }
}

// ---- URL state -------------------------------------------------------------------------------------
function encodeState() {
  const bytes = new TextEncoder().encode(JSON.stringify({v: 1, ...state}));
  let bin = "";
  bytes.forEach((b) => { bin += String.fromCharCode(b); });
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function decodeState(text) {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}
function writeUrl() { history.replaceState(null, "", "#s=" + encodeState()); }

// ---- scenarios the page starts from ---------------------------------------------------------------
function origin(id) {
  if (id === "start") return {label: meta.start.scenario.name, scenario: meta.start.scenario, path: meta.start.path};
  const p = meta.presets.find((q) => q.id === id);
  return p ? {label: p.id, scenario: p.scenario, path: p.path, title: p.title} : null;
}

function fillOrigins() {
  for (const [id, withTitle] of [["preset", true], ["bridge-from", false]]) {
    const sel = $(id);
    sel.innerHTML = "";
    const start = document.createElement("option");
    start.value = "start";
    start.textContent = `starting scenario: ${meta.start.scenario.name}`;
    sel.append(start);
    for (const group of ["study", "example"]) {
      const og = document.createElement("optgroup");
      og.label = group === "study" ? "study presets (examples/studies)" : "example scenarios (examples/scenarios)";
      for (const p of meta.presets.filter((q) => q.group === group)) {
        const o = document.createElement("option");
        o.value = p.id;
        o.textContent = withTitle && p.title ? `${p.id}: ${p.title.slice(0, 70)}` : p.id;
        og.append(o);
      }
      if (og.children.length) sel.append(og);
    }
  }
}

// ---- controls --------------------------------------------------------------------------------------
function launchPath() {              // where the launch price lives in this scenario
  const s = state.scenario;
  const viaInputs = get(s, "economics.inputs.launch_usd_per_kg") !== undefined || !get(s, "launch.vehicle");
  return viaInputs ? "economics.inputs.launch_usd_per_kg" : "launch.usd_per_kg";
}
function pathOf(c) { return c.id === "launch_usd_per_kg" ? launchPath() : c.path; }

function assumption(name) {          // value and source the last run used for an economic input
  const list = last && last.economics && last.economics.assumptions;
  return list ? list.find((a) => a.input === name) : undefined;
}

function effective(c) {              // [value shown, where it comes from]
  const given = get(state.scenario, pathOf(c));
  if (c.id === "specific_power_w_per_kg" && get(state.scenario, "satellite.mass.model") !== "specific_power") {
    const sat = last && last.design && last.design.satellite;
    return [sat ? sat.array_power_bol_w / sat.mass_kg : null, "bottom-up mass (physical model): array W per kg of this design"];
  }
  if (given !== undefined) return [given, "scenario"];
  if (c.input) {
    const a = assumption(c.input);
    return a ? [a.value, a.source] : [null, "not priced yet"];
  }
  if (c.default !== undefined) return [c.default, "schema default"];
  return [null, ""];
}

const toPos = (c, v) => Math.round(STEPS * (c.log ? Math.log(v / c.min) / Math.log(c.max / c.min) : (v - c.min) / (c.max - c.min)));
function fromPos(c, pos) {
  const f = pos / STEPS;
  if (c.log) {
    const v = round3(c.min * (c.max / c.min) ** f);
    return c.integer ? Math.max(1, Math.round(v)) : v;
  }
  const step = c.step || 1;
  return Number((Math.round((c.min + f * (c.max - c.min)) / step) * step).toFixed(6));
}

function visible(c) {
  const kind = get(state.scenario, "constellation.orbit.kind");
  if (c.orbits && !c.orbits.includes(kind)) return false;
  if (c.id === "accelerators") return get(state.scenario, "satellite.compute.accelerators") !== undefined;
  return true;
}

function setValue(c, value) {
  const s = state.scenario;
  if (c.id === "launch_usd_per_kg") {
    const path = launchPath();
    if (path === "launch.usd_per_kg") for (const k of ["price_usd_per_launch", "reuse", "own_rocket"]) unset(s, "launch." + k);
    value === null ? unset(s, path) : set(s, path, value);
  } else if (c.id === "specific_power_w_per_kg") {
    if (value === null) unset(s, "satellite.mass");
    else set(s, "satellite.mass", {model: "specific_power", specific_power_w_per_kg: value});
  } else if (c.id === "vehicle") {
    const price = effective(controlById("launch_usd_per_kg"))[0];
    if (value === null) {            // no vehicle: keep the scenario priced at the price it had
      delete s.launch;
      if (get(s, "economics.inputs.launch_usd_per_kg") === undefined && price !== null) {
        set(s, "economics.inputs.launch_usd_per_kg", price);  // exact: the price does not move
      }
    } else {
      set(s, "launch.vehicle", value);
    }
  } else {
    value === null ? unset(s, c.path) : set(s, c.path, value);
  }
  changed();
}

const controlById = (id) => meta.controls.find((c) => c.id === id);

function buildControls() {
  const groups = $("groups");
  groups.innerHTML = "";
  const sets = {};
  for (const c of meta.controls) {
    if (!sets[c.group]) {
      const fs = document.createElement("fieldset");
      fs.innerHTML = `<legend>${c.group}</legend>`;
      groups.append(fs);
      sets[c.group] = fs;
    }
    const div = document.createElement("div");
    div.className = "control";
    div.id = "c-" + c.id;
    const unit = c.unit ? ` (${c.unit})` : "";
    div.innerHTML = `<label for="in-${c.id}">${c.label}${unit}</label><div class="row"></div>
      <div class="state"></div><div class="range"></div><div class="source"></div>`;
    const row = div.querySelector(".row");
    if (c.kind === "select") {
      const sel = document.createElement("select");
      sel.id = "in-" + c.id;
      if (c.none_label) sel.append(new Option(c.none_label, ""));
      for (const o of c.options) sel.append(new Option(o.label, o.value));
      sel.addEventListener("change", () => setValue(c, sel.value === "" ? null : sel.value));
      row.append(sel);
    } else {
      if (c.kind === "temperature") {
        const pol = document.createElement("select");
        pol.id = "policy-" + c.id;
        pol.append(new Option("given temperature", "number"), new Option("chain: highest the chips allow", "chain"));
        pol.addEventListener("change", () => setValue(c, pol.value === "chain" ? "chain" : effectiveNumber(c)));
        div.insertBefore(pol, row);
      }
      const range = document.createElement("input");
      Object.assign(range, {type: "range", id: "in-" + c.id, min: 0, max: STEPS, step: 1});
      range.setAttribute("aria-label", c.label);
      const num = document.createElement("input");
      Object.assign(num, {type: "number", id: "num-" + c.id, step: "any"});
      const unitEl = document.createElement("span");
      unitEl.className = "unit";
      unitEl.textContent = c.unit;
      range.addEventListener("input", () => { num.value = fromPos(c, Number(range.value)); });
      range.addEventListener("change", () => setValue(c, fromPos(c, Number(range.value))));
      num.addEventListener("change", () => { if (num.value !== "") setValue(c, Number(num.value)); });
      row.append(range, num, unitEl);
      if (c.optional) {
        const reset = document.createElement("button");
        reset.type = "button";
        reset.id = "reset-" + c.id;
        reset.textContent = c.off !== undefined ? "off" : "unset";
        reset.title = c.off !== undefined ? c.off_label : "use the default (catalog / launch stage)";
        reset.addEventListener("click", () => setValue(c, null));
        row.append(reset);
      }
    }
    div.querySelector(".range").textContent = "range: " + (c.range_note || "");
    sets[c.group].append(div);
  }
}

function effectiveNumber(c) {        // leaving 'chain' for a number: start from the chain's answer
  const [v] = effective(c);
  if (typeof v === "number") return v;
  const thermal = last && last.design && last.design.thermal;
  return thermal && Number.isFinite(thermal.radiator_temperature_c) ? Math.round(thermal.radiator_temperature_c) : c.default;
}

function refreshControls() {
  for (const c of meta.controls) {
    const div = $("c-" + c.id);
    div.hidden = !visible(c);
    const [value, from] = effective(c);
    const input = $("in-" + c.id);
    let source = c.source || "";
    if (c.kind === "select") {
      input.value = value === null || value === undefined ? "" : value;
      const opt = (c.options || []).find((o) => o.value === value);
      if (opt) source = opt.source;
      div.querySelector(".state").textContent = from === "scenario" ? "" : from;
    } else {
      const policy = $("policy-" + c.id);
      const isChain = value === "chain";
      if (policy) policy.value = isChain ? "chain" : "number";
      input.disabled = isChain;
      $("num-" + c.id).disabled = isChain;
      if (typeof value === "number") {
        input.value = Math.min(STEPS, Math.max(0, toPos(c, value)));
        $("num-" + c.id).value = from === "scenario" ? value : Number(value.toPrecision(4));
      }
      let note = from === "scenario" ? "set in the scenario" : (c.input ? "default" : from ? "default: " + from : "");
      if (isChain && last && last.design && last.design.thermal) {
        note = `chain: radiator at ${sig(last.design.thermal.radiator_temperature_c)} °C`;
      }
      if (c.off !== undefined && value === c.off) note = c.off_label + (from === "scenario" ? " (set in the scenario)" : "");
      div.querySelector(".state").textContent = note;
      if (c.input && from !== "scenario" && from) source = from;
    }
    div.querySelector(".source").textContent = source ? "source: " + source : "";
  }
  $("ops-row").hidden = !state.scenario.workload;
  $("ops").checked = state.ops;
  $("preset").value = state.base;
  $("bridge-from").value = state.from;
  const o = origin(state.base);
  $("preset-source").textContent = o ? `${o.path}${o.title ? ": " + o.title : ""}` : "";
  $("scenario-name").textContent = state.scenario.name || "";
}

// ---- running -----------------------------------------------------------------------------------------
function changed() {
  writeUrl();
  refreshControls();
  clearTimeout(runTimer);
  runTimer = setTimeout(runNow, 30);
}

async function post(path, body) {
  const response = await fetch(path, {method: "POST", headers: {"Content-Type": "application/json"},
                                      body: JSON.stringify(body)});
  return response;
}

async function runNow() {
  const mine = ++seq;
  document.body.classList.add("busy");
  $("status").textContent = "computing";
  const started = performance.now();
  let response;
  try {
    response = await post("/api/run" + (state.ops ? "?operations=true" : ""), state.scenario);
  } catch (e) {
    if (mine === seq) showError("error: network: " + e);
    return;
  }
  if (mine !== seq) return;           // a newer change is on its way
  document.body.classList.remove("busy");
  if (!response.ok) {
    showError(await response.text());
    $("status").textContent = `error ${response.status}`;
    return;
  }
  last = await response.json();
  const timing = (response.headers.get("Server-Timing") || "").match(/dur=([\d.]+)/);
  $("status").textContent = `computed in ${timing ? sig(Number(timing[1])) : "?"} ms ` +
    `(round trip ${sig(performance.now() - started)} ms)`;
  $("error").hidden = true;
  $("verdict").classList.remove("stale");
  refreshControls();
  render(last);
  document.body.dataset.seq = String(mine);
  clearTimeout(bridgeTimer);
  bridgeTimer = setTimeout(bridgeNow, 150);
}

function showError(text) {           // the verdict stays, marked stale, until a valid scenario runs
  document.body.classList.remove("busy");
  $("verdict").classList.add("stale");
  $("error").hidden = false;
  $("error").textContent = text;
}

async function bridgeNow() {
  const mine = ++bridgeSeq;
  const o = origin(state.from);
  if (!o) return;
  $("bridge-note").textContent = `(from ${o.label}: computing…)`;
  const response = await post("/api/bridge", {from: o.scenario, to: state.scenario, from_label: o.label,
                                              to_label: "what-if"});
  if (mine !== bridgeSeq) return;
  if (!response.ok) {
    $("bridge-note").textContent = "(" + (await response.text()) + ")";
    $("bridge-steps").innerHTML = "";
    if (typeof Plotly !== "undefined") Plotly.purge($("plot-bridge"));
    return;
  }
  renderBridge(await response.json());
}

// ---- buttons -----------------------------------------------------------------------------------------
async function download() {
  const response = await post("/api/yaml", state.scenario);
  if (!response.ok) { showError(await response.text()); return; }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = `${(state.scenario.name || "scenario").replace(/[^\w.-]+/g, "_")}.yaml`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function loadOrigin(id) {
  const o = origin(id);
  if (!o) return;
  state.scenario = clone(o.scenario);
  state.base = id;
  state.from = id;
  last = null;
  changed();
}

async function main() {
  meta = await (await fetch("/api/meta")).json();
  fillOrigins();
  buildControls();
  let restored = false;
  const m = location.hash.match(/^#s=([\w-]+)/);
  if (m) {
    try {
      const saved = decodeState(m[1]);
      if (saved && saved.scenario && typeof saved.scenario === "object") {
        Object.assign(state, {scenario: saved.scenario, base: saved.base || "start", from: saved.from || "start",
                              ops: !!saved.ops});
        restored = true;
      }
    } catch (e) {
      showError("error: url: the link's state could not be read (" + e.message + "); starting afresh");
    }
  }
  if (!restored) state.scenario = clone(meta.start.scenario);
  $("preset").addEventListener("change", () => loadOrigin($("preset").value));
  $("bridge-from").addEventListener("change", () => { state.from = $("bridge-from").value; writeUrl(); bridgeNow(); });
  $("ops").addEventListener("change", () => { state.ops = $("ops").checked; changed(); });
  $("download").addEventListener("click", download);
  $("reset").addEventListener("click", () => loadOrigin(state.base));
  $("share").addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(location.href); $("share-note").textContent = "link copied"; }
    catch (e) { $("share-note").textContent = "copy this page's address: it holds the whole state"; }
  });
  changed();
}

main();
