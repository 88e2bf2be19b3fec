from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "scenarios"


@pytest.fixture
def suncatcher_text() -> str:
    return (EXAMPLES / "tpu-cluster-81.yaml").read_text()
