"""Unit tests of orbitaldc.ops.training: monotonicity, bookkeeping, defaults and field-named errors.
Numbers against external references are in tests/validation/test_training_goodput.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitaldc.ops.training import (
    SECONDS_PER_YEAR,
    TrainingJob,
    attrition_goodput,
    checkpoint_write_s,
    defaults,
    job_failure_rate_per_s,
    simulate_goodput,
    step_time_s,
    training_goodput,
    young_daly_interval_s,
)

TPU_V6E_BF16_FLOPS = 9.18e14  # catalog/accelerators.yaml tpu-v6e (Google Cloud TPU v6e docs)


def job70b(accelerators=4096, **kw):
    return TrainingJob(accelerators=accelerators, model_parameters=70e9, duration_h=720.0, **kw)


def step(job=None, isl=8e11, **kw):
    return step_time_s(job or job70b(), TPU_V6E_BF16_FLOPS, 0.41, 64, isl, 3.2e12, **kw)


def test_job_defaults_follow_the_data_file():
    job = job70b()
    d = defaults()
    assert job.checkpoint_bytes == pytest.approx(d["checkpoint_bytes_per_parameter"] * 70e9)
    assert job.gradient_bytes == pytest.approx(2 * 70e9)
    assert job.tokens_per_step == 4.0e6
    assert float(checkpoint_write_s(job, 1e11)) == pytest.approx(14 * 70e9 / 1e11)


def test_more_isl_bandwidth_shortens_the_step():
    isl = np.geomspace(1e10, 1e13, 12)
    st_ = step(isl=isl)
    assert np.all(np.diff(st_.total_s) < 0)
    assert np.all(np.diff(st_.inter_s) < 0)
    np.testing.assert_allclose(st_.compute_s, st_.compute_s[0])


def test_overlap_hides_communication_up_to_the_compute_time():
    none, half, full = (step(isl=1e13, overlap=o) for o in (0.0, 0.5, 1.0))  # communication < compute
    assert float(none.exposed_communication_s) == pytest.approx(float(none.communication_s))
    assert float(none.total_s) > float(half.total_s) > float(full.total_s)
    # full overlap cannot hide more than the compute: step = max(compute, communication)
    for st_ in (full, step(overlap=1.0)):  # ... also when the ISL makes communication > compute
        assert float(st_.total_s) == pytest.approx(max(float(st_.compute_s), float(st_.communication_s)))


def test_single_satellite_job_needs_no_isl():
    st_ = step(job70b(accelerators=64), isl=0.0)
    assert st_.satellites == 1 and float(st_.inter_s) == 0.0


def test_job_spanning_satellites_without_isl_is_refused():
    with pytest.raises(ValueError, match="^isl_bits_per_s: a training job larger than one satellite needs "
                                         "inter-satellite links"):
        step(job70b(accelerators=65), isl=0.0)


def test_job_larger_than_the_fleet_is_refused():
    with pytest.raises(ValueError, match="^accelerators: .*4096.*81"):
        step(fleet_accelerators=81)


@pytest.mark.parametrize("kwargs, field", [
    ({"accelerators": 0}, "accelerators"), ({"accelerators": 2.5}, "accelerators"),
    ({"model_parameters": -1}, "model_parameters"), ({"duration_h": float("nan")}, "duration_h"),
    ({"tokens_per_step": 0}, "tokens_per_step"), ({"checkpoint_bytes": -5}, "checkpoint_bytes"),
])
def test_bad_job_fields_are_named(kwargs, field):
    base = {"accelerators": 8, "model_parameters": 1e9, "duration_h": 1.0} | kwargs
    with pytest.raises(ValueError, match=f"^{field}:"):
        TrainingJob(**base)


@pytest.mark.parametrize("call, field", [
    (lambda: step_time_s(job70b(), 1e15, 1.5, 64, 1e11, 1e12), "mfu"),
    (lambda: step_time_s(job70b(), -1.0, 0.4, 64, 1e11, 1e12), "accelerator_peak_flops"),
    (lambda: step_time_s(job70b(), 1e15, 0.4, 0, 1e11, 1e12), "accelerators_per_satellite"),
    (lambda: step(overlap=2.0), "overlap"),
    (lambda: young_daly_interval_s(0.0, 3600.0), "checkpoint_s"),
    (lambda: simulate_goodput(3600.0, 0.0, 10.0, 10.0, 1e-4), "checkpoint_interval_s"),
    (lambda: simulate_goodput(3600.0, 60.0, 10.0, 10.0, -1e-4), "failure_rate_per_s"),
    (lambda: attrition_goodput(8, 1e-8, 1e6, policy="repair"), "policy"),
    (lambda: attrition_goodput(8, 1e-8, 1e6, spares=-1), "spares"),
    (lambda: training_goodput(job70b(), 1.0, 3600.0, 0.0, 60.0), "checkpoint_s"),
])
def test_bad_arguments_are_named(call, field):
    with pytest.raises(ValueError, match=f"^{field}:"):
        call()


def test_more_failures_lower_goodput():
    job, st_ = job70b(), step()
    rates = job_failure_rate_per_s(job.accelerators) * np.array([0.5, 1, 2, 4, 8])
    analytic = [training_goodput(job, st_, 1 / r, 30.0, 600.0)["goodput"] for r in rates]
    assert np.all(np.diff(analytic) < 0)
    simulated = [simulate_goodput(1e6, 3600.0, 30.0, 600.0, r, runs=4000, seed=3)["goodput"] for r in rates]
    assert np.all(np.diff(simulated) < 0)


def test_goodput_parts_add_up_to_one():
    job, st_ = job70b(), step()
    r = training_goodput(job, st_, 20 * 3600.0, 120.0, 900.0, capacity_fraction=0.9)
    assert sum(r["parts"].values()) == pytest.approx(1.0, rel=1e-12)
    assert r["parts"]["attrition"] == pytest.approx(0.1)
    assert r["goodput"] == r["parts"]["compute"]
    assert r["interval_s"] == pytest.approx(float(young_daly_interval_s(120.0, 20 * 3600.0)))
    assert all(v >= 0 for v in r["parts"].values())


def test_no_failures_costs_only_checkpoints():
    r = simulate_goodput(36_000.0, 600.0, 60.0, 300.0, 0.0)
    assert r["goodput"] == pytest.approx(600 / 660) and r["failures"] == 0.0
    # a remainder segment also ends with a checkpoint: 10 x 660 + (100 + 60)
    assert simulate_goodput(6_100.0, 600.0, 60.0, 0.0, 0.0)["wall_clock_s"] == pytest.approx(6_760.0)


def test_simulation_is_reproducible():
    a = simulate_goodput(1e5, 2000.0, 60.0, 300.0, 1e-4, runs=500, seed=11)
    b = simulate_goodput(1e5, 2000.0, 60.0, 300.0, 1e-4, runs=500, seed=11)
    assert a == b


def test_default_failure_rate_is_the_catalogs():
    # 0.091 per accelerator-year (Llama 3, annualised in catalog/economics.yaml), LEO multiplier 1, radiation 0
    assert job_failure_rate_per_s(1000) == pytest.approx(1000 * 0.091 / SECONDS_PER_YEAR)
    assert job_failure_rate_per_s(10, hard_failures_per_accelerator_year=1.0,
                                  upsets_per_accelerator_year=2.0) == pytest.approx(30 / SECONDS_PER_YEAR)


def test_spares_and_elasticity_keep_more_capacity():
    lam, t_end = 0.091 / SECONDS_PER_YEAR, 5 * SECONDS_PER_YEAR
    stop0 = attrition_goodput(256, lam, t_end, policy="stop")["capacity_fraction"]
    stop_spares = attrition_goodput(256, lam, t_end, spares=64, policy="stop")["capacity_fraction"]
    elastic = attrition_goodput(256, lam, t_end, spares=64)["capacity_fraction"]
    assert stop0 < stop_spares < elastic <= 1.0


@settings(max_examples=60, deadline=None)
@given(delta=st.floats(1e-3, 1e5), mtbf=st.floats(1.0, 1e8))
def test_daly_interval_is_shorter_than_young(delta, mtbf):
    young = float(young_daly_interval_s(delta, mtbf, order="young"))
    daly = float(young_daly_interval_s(delta, mtbf))
    assert 0 < daly <= young
