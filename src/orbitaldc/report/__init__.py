"""Report stage: what a person reads of a run.

``write_outputs(result, out_dir)`` writes ``result.json`` (the result document),
``report.html`` (one self-contained offline page, ``report.html``) and ``scenario.czml``
(CesiumJS, ``report.czml``). Modules: ``html`` the page, ``plots`` and ``econ_plots`` its
Plotly figures, ``czml`` the CZML packets, ``sky`` what both sample from the orbit stage,
``assumptions`` the table of every input and its source; ``coastline_110m.json`` is Natural
Earth's 1:110m coastline (public domain), rounded to 0.1 deg.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["write_outputs"]


def write_outputs(result, out_dir, doc: dict | None = None, bridge: dict | None = None) -> dict[str, Path]:
    """Write result.json, report.html and scenario.czml into ``out_dir`` (and bridge.json when given a
    comparison, which the report then draws); return their paths."""
    from orbitaldc.report.czml import write_czml
    from orbitaldc.report.html import render

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    doc = result.document() if doc is None else doc
    paths = {"result": out / "result.json", "report": out / "report.html", "czml": out / "scenario.czml"}
    paths["result"].write_text(json.dumps(doc, indent=2, allow_nan=False) + "\n")
    if bridge is not None:
        paths["bridge"] = out / "bridge.json"
        paths["bridge"].write_text(json.dumps(bridge, indent=2, allow_nan=False) + "\n")
    paths["report"].write_text(render(result, doc, bridge=bridge), encoding="utf-8")
    write_czml(result, paths["czml"])
    return paths
