"""Serving roofline (ops/serving.py) against MLPerf Inference Llama 2 70B Offline, tokens/s per accelerator.

Measured: catalog accelerators.yaml `inference_tokens_per_s` (kind measured): MLCommons MLPerf Inference
Datacenter closed, llama2-70b-99 Offline (H100 and H200 v5.0, B200 and GB200 v5.1, MI300X v4.1), per GPU.
Model: one set of sourced efficiencies for every device (models.yaml serving-efficiency: MFU prefill 0.5,
MFU decode 0.4, MBU 0.7, KV cache 0.9 of free HBM), the MLPerf dataset shape (mean output 294.45 tokens,
MLCommons reference; mean input 150 tokens, an estimate, see models.yaml), each submission's number format
(Hopper and MI300X FP8; Blackwell FP4, Tom's Hardware on MLPerf v4.1) and default tensor parallelism (H100
TP2, others TP1, as in NVIDIA's MLPerf configs). Nothing is fitted per accelerator.

Errors measured (model / MLPerf - 1):
  H100 SXM  FP8 TP2   4,059 vs  3,913   +3.7 %
  H200      FP8 TP1   4,059 vs  4,374   -7.2 %
  B200      FP4 TP1  18,458 vs 12,691  +45.4 %   (at the FP8 peak: 9,229, -27.3 %)
  GB200     FP4 TP1  20,509 vs 12,934  +58.6 %   (at the FP8 peak: 10,255, -20.7 %)
  MI300X    FP8 TP1   5,363 vs  2,939  +82.5 %
Stated tolerance: Hopper FP8 within 15 %. Blackwell: the measurement lies between the FP8 and the FP4
rooflines (FP4 GEMMs do not reach the same MFU as FP8 end to end; B200/H200 measured 2.9x against a 4.5x
peak ratio). MI300X: the roofline is an upper bound, +82 % (its software reaches a lower MFU than NVIDIA's;
not fitted). All devices within a factor of two.
"""

import pytest

from orbitaldc import catalog
from orbitaldc.ops.serving import serving_model

MLPERF_PRECISION = {"h100-sxm": "fp8", "h200": "fp8", "b200": "fp4", "gb200": "fp4", "mi300x": "fp8"}


def _measured(accelerator):
    return catalog.values("accelerators", accelerator)["inference_tokens_per_s"]


def _predicted(accelerator, precision=None):
    return serving_model(accelerator, "llama-2-70b", precision or MLPERF_PRECISION[accelerator]).tokens_per_s_offline()


def test_every_measured_accelerator_with_bandwidth_is_covered():
    measured = {a for a in catalog.entries("accelerators")
                if catalog.record("accelerators", a, "inference_tokens_per_s").kind == "measured"
                and "hbm_bandwidth_bytes_per_s" in catalog.values("accelerators", a)}
    assert measured == set(MLPERF_PRECISION)


@pytest.mark.parametrize("accelerator", ["h100-sxm", "h200"])
def test_hopper_fp8_within_15_percent(accelerator):
    assert _predicted(accelerator) == pytest.approx(_measured(accelerator), rel=0.15)


@pytest.mark.parametrize("accelerator", ["b200", "gb200"])
def test_blackwell_between_fp8_and_fp4_rooflines(accelerator):
    assert _predicted(accelerator, "fp8") < _measured(accelerator) < _predicted(accelerator, "fp4")


def test_mi300x_roofline_is_an_upper_bound():
    assert _measured("mi300x") < _predicted("mi300x") < 2.0 * _measured("mi300x")


@pytest.mark.parametrize("accelerator", sorted(MLPERF_PRECISION))
def test_within_a_factor_of_two(accelerator):
    assert 0.5 < _predicted(accelerator) / _measured(accelerator) < 2.0


def test_default_tensor_parallel_matches_nvidia_mlperf_configs():
    """NVIDIA MLPerf v4.1 llama2-70b Offline configs: H100_SXM_80GB_TP2, H200_SXM_141GBx1 (TP1)."""
    assert serving_model("h100-sxm").accelerators_per_replica == 2
    assert serving_model("h200").accelerators_per_replica == 1
