"""Scenarios the app starts from: the one named on the command line (or the shipped starting
scenario), the study presets of ``examples/studies/`` and the example scenarios of
``examples/scenarios/`` when the examples are at hand (a source checkout or the current directory).
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from orbitaldc.app.api import scenario_file_document
from orbitaldc.errors import ScenarioError

# The shipped starting scenario: examples/scenarios/h100-1mw.yaml (a test keeps the two equal), so
# `orbitaldc app` without a file works from an installed package too.
STARTING = "starting.yaml"


def starting_path() -> Path:
    return Path(str(resources.files(__package__).joinpath(STARTING)))


def examples_dir() -> Path | None:
    """``examples/`` of a source checkout (beside ``src/``), else of the current directory."""
    for candidate in (Path(__file__).resolve().parents[3] / "examples", Path.cwd() / "examples"):
        if (candidate / "studies").is_dir():
            return candidate
    return None


def _title(path: Path) -> str:
    """The first comment line of a scenario file, which says what it is."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
        if line.strip():
            break
    return ""


@functools.cache
def presets() -> list[dict]:
    """``[{id, group, title, path, scenario}]`` for every preset that loads; studies first (read once
    per process)."""
    root = examples_dir()
    out = []
    if root is None:
        return out
    for group, folder in (("study", "studies"), ("example", "scenarios")):
        for path in sorted((root / folder).glob("*.yaml")):
            try:
                doc = scenario_file_document(path)
            except (ScenarioError, OSError):
                continue  # a preset that does not load is not offered (orbitaldc validate says why)
            out.append({"id": f"{folder}/{path.stem}", "group": group, "title": _title(path),
                        "path": str(path), "scenario": doc})
    return out
