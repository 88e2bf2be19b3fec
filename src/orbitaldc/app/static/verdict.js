// orbitaldc what-if page, part 1: reading and drawing a result document (the verdict, the Monte Carlo
// band, the bridge). No state of its own: app.js holds the scenario and calls render() and renderBridge().
"use strict";

const $ = (id) => document.getElementById(id);
function get(obj, path) {
  return path.split(".").reduce((o, k) => (o && typeof o === "object" ? o[k] : undefined), obj);
}

// The one rounding rule of the CLI and the report (report.numbers.sig): 3 significant figures,
// whole numbers from 100 up, grouped thousands, never 0 for a nonzero value.
function sig(v, digits = 3) {
  if (v === null || v === undefined) return "—";
  if (v === 0) return "0";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (Math.abs(v) >= 10 ** (digits - 1)) return Math.round(v).toLocaleString("en-US");
  const r = Number(v.toPrecision(digits));
  return Math.abs(r) < 1e-4 ? r.toExponential(digits - 1) : r.toLocaleString("en-US", {maximumSignificantDigits: digits});
}
const usd = (v) => (v === null || v === undefined ? "—" : "$" + sig(v));
const round3 = (v) => Number(Number(v).toPrecision(3));

function show(el, key, value, text) {  // a verdict figure: exact number in data-value, rounded text
  el.dataset.key = key;
  el.dataset.value = JSON.stringify(value === undefined ? null : value);
  el.textContent = text;
}

// ---- the verdict -------------------------------------------------------------------------------------
function render(doc) {
  const econ = doc.economics || {};
  const priced = doc.feasible && econ.feasible;
  const u = econ.uncertainty || {};
  show($("v-orbital"), "economics.orbital.usd_per_gpu_hour", priced ? econ.orbital.usd_per_gpu_hour : null,
       priced ? usd(econ.orbital.usd_per_gpu_hour) : "not priced");
  show($("v-terrestrial"), "economics.terrestrial.usd_per_gpu_hour", priced ? econ.terrestrial.usd_per_gpu_hour : null,
       priced ? usd(econ.terrestrial.usd_per_gpu_hour) : "—");
  $("v-site").textContent = econ.site || get(state.scenario, "economics.site") || "abilene-tx";
  $("v-orbital-band").textContent = u.p10 !== undefined
    ? `p10 ${usd(u.p10)} · p50 ${usd(u.p50)} · p90 ${usd(u.p90)}` : "";
  $("v-terrestrial-band").textContent = u.terrestrial
    ? `p10 ${usd(u.terrestrial.p10)} · p50 ${usd(u.terrestrial.p50)} · p90 ${usd(u.terrestrial.p90)}` : "";
  const be = priced ? econ.breakeven_launch_usd_per_kg : null;
  show($("v-breakeven"), "economics.breakeven_launch_usd_per_kg", be,
       priced ? (be === null ? "none" : `${usd(be)}/kg`) : "—");
  $("v-breakeven-note").textContent = priced
    ? (be === null ? `orbit costs ${usd(econ.orbital_usd_per_gpu_hour_with_free_launch)} per GPU-hour even with free launch`
       : `launch price at which orbit matches ${econ.site}`) : "";
  show($("v-feasible"), "feasible", doc.feasible, doc.feasible ? "feasible" : "infeasible");
  $("v-feasible").className = "big " + (doc.feasible ? "ok" : "bad");
  const binding = [];
  const thermal = doc.design && doc.design.thermal;
  if (thermal && thermal.binding_constraint) binding.push(`thermal: ${thermal.binding_constraint}`);
  for (const side of ["orbital", "terrestrial"]) {
    const ops = doc.operations && doc.operations[side];
    if (ops && ops.binding_constraint) binding.push(`operations (${side}): ${ops.binding_constraint}`);
  }
  $("v-binding").textContent = binding.length ? "binding constraint — " + binding.join("; ") : "";
  const problems = [...(doc.problems || []), ...(econ.feasible === false ? econ.problems || [] : [])];
  $("v-problems").innerHTML = "";
  $("v-problems").className = "problems " + (doc.feasible ? "notes" : "");
  for (const p of problems) {
    const li = document.createElement("li");
    li.textContent = p;
    $("v-problems").append(li);
  }
  $("v-comparison").textContent = priced ? comparison(econ) : (doc.feasible ? "not priced: " + (econ.problems || []).join("; ") : "");
  renderDelivered(econ.delivered);
  renderDesign(doc);
  renderMonteCarlo(econ, priced);
}

function comparison(econ) {
  const o = econ.orbital.usd_per_gpu_hour, t = econ.terrestrial.usd_per_gpu_hour, u = econ.uncertainty || {};
  const head = o >= t ? `orbit costs ${sig(o / t)}× the ground` : `orbit is ${sig(100 * (1 - o / t))}% cheaper than the ground`;
  const p = u.probability_orbit_wins !== undefined ? `; P(orbit cheaper) = ${sig(u.probability_orbit_wins)} over ${u.samples.toLocaleString("en-US")} Monte Carlo samples` : "";
  return head + p;
}

function renderDelivered(delivered) {
  const el = $("v-delivered");
  el.hidden = !delivered;
  if (!delivered) return;
  el.innerHTML = "";
  const h = document.createElement("p");
  const o = delivered.orbital || {}, t = delivered.terrestrial || {};
  h.textContent = `per delivered GPU-hour: orbital ${usd(o.usd_per_delivered_gpu_hour)}, terrestrial ` +
    `${usd(t.usd_per_delivered_gpu_hour)} (${delivered.label || "operations stage"})`;
  el.append(h);
}

function renderDesign(doc) {
  const sat = (doc.design || {}).satellite || {}, fleet = (doc.design || {}).fleet || {};
  const env = doc.environment || {}, launch = doc.launch || {};
  const rows = [
    ["satellites", fleet.satellites, ""], ["fleet IT power", fleet.it_power_w / 1e6, "MW"],
    ["accelerators per satellite", sat.accelerators, ""], ["satellite mass", sat.mass_kg, "kg"],
    ["solar array area", sat.solar_array_area_m2, "m²"], ["radiator area", sat.radiator_area_m2, "m²"],
    ["sunlit fraction", env.sunlit_fraction, ""], ["longest eclipse", env.max_eclipse_min, "min"],
    ["launches", launch.launches, launch.vehicle ? "× " + launch.vehicle : ""],
    ["launch price delivered", launch.usd_per_kg, "USD/kg"],
  ];
  $("v-design").innerHTML = "";
  for (const [label, value, unit] of rows) {
    if (value === undefined || value === null || Number.isNaN(value)) continue;
    const tr = document.createElement("tr");
    tr.innerHTML = `<td></td><td class="num"></td><td></td>`;
    tr.children[0].textContent = label;
    tr.children[1].textContent = sig(value);
    tr.children[2].textContent = unit;
    $("v-design").append(tr);
  }
}

const LAYOUT = {margin: {l: 55, r: 20, t: 10, b: 45}, paper_bgcolor: "#fff", plot_bgcolor: "#fff", showlegend: true,
                legend: {orientation: "h", y: 1.12}};

function renderMonteCarlo(econ, priced) {
  const u = econ.uncertainty || {}, hist = u.histogram;
  if (!priced || !hist || typeof Plotly === "undefined") {
    $("mc-note").textContent = priced ? "(no Monte Carlo for this scenario)" : "";
    if (typeof Plotly !== "undefined") Plotly.purge($("plot-mc"));
    return;
  }
  $("mc-note").textContent = `(${u.samples.toLocaleString("en-US")} samples of ${u.inputs.length} uncertain inputs, seed ${u.seed})`;
  const mids = hist.edges.slice(0, -1).map((e, i) => (e + hist.edges[i + 1]) / 2);
  const top = Math.max(...hist.counts);
  const line = (x, name, color) => ({x: [x, x], y: [0, top], mode: "lines", name, line: {color, dash: "dot", width: 2}});
  Plotly.react($("plot-mc"), [
    {type: "bar", x: mids, y: hist.counts, name: "orbital samples", marker: {color: "#7a93c8"}},
    line(econ.orbital.usd_per_gpu_hour, `orbital headline ${usd(econ.orbital.usd_per_gpu_hour)}`, "#1d2433"),
    line(econ.terrestrial.usd_per_gpu_hour, `terrestrial ${usd(econ.terrestrial.usd_per_gpu_hour)}`, "#17803d"),
  ], {...LAYOUT, bargap: 0.05, xaxis: {title: {text: "orbital USD per GPU-hour"}}, yaxis: {title: {text: "samples"}}},
  {displayModeBar: false, responsive: true});
}

function renderBridge(b) {
  $("bridge-note").textContent = b.steps.length ? `(${b.from} → ${b.to}: orbital USD per GPU-hour, ${b.steps.length} ` +
    `steps; ${b.method})` : `(no change from ${b.from}: move a control)`;
  const table = $("bridge-steps");
  table.innerHTML = "<tr><th>change</th><th>Δ USD/GPU-h</th><th>USD/GPU-h</th></tr>";
  const add = (change, delta, value) => {
    const tr = document.createElement("tr");
    tr.innerHTML = `<td></td><td class="num"></td><td class="num"></td>`;
    tr.children[0].textContent = change;
    tr.children[1].textContent = delta;
    tr.children[2].textContent = value;
    table.append(tr);
  };
  add(b.from, "", usd(b.from_usd_per_gpu_hour));
  for (const s of b.steps) add(s.change, (s.delta_usd_per_gpu_hour >= 0 ? "+" : "−") + sig(Math.abs(s.delta_usd_per_gpu_hour)), usd(s.usd_per_gpu_hour));
  add(b.to, (b.total_delta_usd_per_gpu_hour >= 0 ? "+" : "−") + sig(Math.abs(b.total_delta_usd_per_gpu_hour)), usd(b.to_usd_per_gpu_hour));
  if (typeof Plotly === "undefined") return;
  const short = (t) => (t.length > 28 ? t.slice(0, 27) + "…" : t);
  Plotly.react($("plot-bridge"), [{
    type: "waterfall", orientation: "v",
    x: [b.from, ...b.steps.map((s, i) => `${i + 1}. ${short(s.change)}`), b.to],
    y: [b.from_usd_per_gpu_hour, ...b.steps.map((s) => s.delta_usd_per_gpu_hour), b.to_usd_per_gpu_hour],
    measure: ["absolute", ...b.steps.map(() => "relative"), "total"],
    hovertext: [b.from, ...b.steps.map((s) => s.change), b.to], name: "orbital USD per GPU-hour",
  }], {...LAYOUT, showlegend: false, yaxis: {title: {text: "USD per GPU-hour"}}}, {displayModeBar: false, responsive: true});
}
