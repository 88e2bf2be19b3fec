from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "scenarios"


@pytest.fixture
def suncatcher_text() -> str:
    return (EXAMPLES / "tpu-cluster-81.yaml").read_text()


@pytest.fixture
def tpu_v6e_unpublished(monkeypatch):
    """The catalog as if tpu-v6e had no junction, HBM or TDP figures (a chip whose vendor publishes none and
    for which no estimate was entered): the paths that must refuse or skip the thermal chain."""
    from orbitaldc import catalog

    real = catalog.values

    def values(name, entry):
        found = real(name, entry)
        if name == "accelerators" and entry == "tpu-v6e":
            return {k: v for k, v in found.items() if k not in ("max_junction_c", "max_hbm_c", "tdp_w")}
        return found

    monkeypatch.setattr(catalog, "values", values)
