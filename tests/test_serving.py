"""Serving model (ops/serving.py): monotonicity, the KV-cache limit, units and bad inputs."""

import numpy as np
import pytest

from orbitaldc.ops.serving import ServingModel, known_models, serving_model


@pytest.fixture(scope="module")
def h100():
    return serving_model("h100-sxm")


def test_known_models_and_kv_bytes_per_token():
    assert {"llama-2-70b", "llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b"} <= set(known_models())
    m = serving_model("h200", "llama-2-70b", "fp8")
    # 2 (K, V) x 80 layers x 8 KV heads x 128 x 1 B (FP8) = 163,840 B per token
    assert m.kv_bytes_per_token == 163_840
    assert serving_model("h200", "llama-2-70b", "bf16", tensor_parallel=2).kv_bytes_per_token == 2 * 163_840
    assert m.weight_bytes == pytest.approx(69.0e9, rel=0.01)


def test_llama2_70b_fp8_on_one_h100_leaves_little_cache():
    one = serving_model("h100-sxm", tensor_parallel=1)
    two = serving_model("h100-sxm", tensor_parallel=2)
    # 80 GB - 69 GB of weights, 90 % to the cache: ~9.9 GB = ~60 k tokens, ~15 full 4k contexts
    assert one.max_kv_tokens == pytest.approx(0.9 * (80e9 - 68.977e9) / 163_840, rel=1e-3)
    assert one.max_kv_tokens < 16 * one.context_tokens
    assert two.max_kv_tokens > 8 * one.max_kv_tokens
    assert serving_model("h100-sxm").accelerators_per_replica == 2   # default rule picks TP2
    with pytest.raises(ValueError, match="does not fit"):
        serving_model("h100-sxm", "llama-2-70b", "bf16", tensor_parallel=1)   # 138 GB > 80 GB


def test_more_batch_more_throughput_until_the_kv_limit(h100):
    batch = np.arange(1, h100.max_batch + 1)
    tps = h100.tokens_per_s(batch)
    assert np.all(np.diff(tps) >= -1e-9)
    assert tps[-1] > 20 * tps[0]
    assert h100.tokens_per_s_offline() == pytest.approx(tps[-1])
    assert h100.fits(h100.mean_input_tokens, h100.mean_output_tokens, h100.max_batch)
    assert not h100.fits(h100.mean_input_tokens, h100.mean_output_tokens, h100.max_batch + 1)
    with pytest.raises(ValueError, match="KV cache"):
        h100.service_s(h100.mean_input_tokens, h100.mean_output_tokens, h100.max_batch + 1)


def test_longer_context_longer_prefill_and_decode(h100):
    n = np.array([0, 128, 1024, 4096])
    pre = h100.prefill_s(n)
    assert pre.shape == (4,) and np.all(np.diff(pre) >= 0)   # flat at the weight-read floor, then rising
    assert pre[-1] > pre[2] > pre[1]
    dec = h100.decode_step_s(256, n)
    assert np.all(np.diff(dec) > 0)


def test_regimes_and_units(h100):
    # batch 1 decode is memory bound: weights / (bandwidth x MBU x tp)
    t1 = h100.decode_step_s(1, 0)
    assert t1 == pytest.approx(h100.weight_bytes / (3.35e12 * h100.mbu * 2))
    assert 0.005 < t1 < 0.05                        # seconds: ~15 ms per token for 70B FP8 on 2 x H100
    # a large prefill is compute bound: 2 x params x tokens / (peak x MFU x tp)
    big = h100.prefill_s(4096, batch=8)
    assert big >= 2 * h100.parameters * 4096 * 8 / (1.979e15 * h100.mfu_prefill * 2)
    assert h100.prefill_s(1) == pytest.approx(h100.weight_bytes / (3.35e12 * h100.mbu * 2), rel=1e-2)


def test_service_time_is_prefill_plus_shared_steps(h100):
    s = h100.service_s(np.array([100, 1000]), np.array([300, 300]), 64)
    assert s.shape == (2,) and s[1] > s[0]
    expected = h100.prefill_s(100) + 300 * h100.decode_step_s(64, 100 + 150)
    assert s[0] == pytest.approx(expected)
    assert h100.service_s(100, 300, 128) > h100.service_s(100, 300, 1)   # batching trades latency for throughput


def test_bigger_memory_bigger_batch():
    assert serving_model("h200").max_batch > serving_model("h100-sxm", tensor_parallel=1).max_batch
    small = serving_model("h200", "llama-3.1-8b")
    assert small.accelerators_per_replica == 1 and small.max_kv_tokens > 1_000_000
    assert serving_model("h200", "llama-3.1-405b").accelerators_per_replica == 8


def test_bad_inputs(h100):
    with pytest.raises(ValueError, match="llama-2-70b"):
        serving_model("h100-sxm", "gpt-5")
    with pytest.raises(ValueError, match="h100-sxm"):
        serving_model("h1000")
    with pytest.raises(ValueError, match="fp8"):
        serving_model("h100-sxm", precision="fp3")
    with pytest.raises(ValueError, match="peak_fp4_flops"):
        serving_model("h100-sxm", precision="fp4")
    with pytest.raises(ValueError, match="tensor_parallel"):
        serving_model("h200", tensor_parallel=0)
    with pytest.raises(ValueError):
        h100.decode_step_s(0, 100)
    with pytest.raises(ValueError):
        h100.prefill_s(-1)
    assert isinstance(h100, ServingModel)
    with pytest.raises(AttributeError):
        h100.mbu = 1.0
