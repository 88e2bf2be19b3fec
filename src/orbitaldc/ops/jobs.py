"""A training job run on the fleet and on the ground: step time, interruptions, checkpointing and
goodput (``ops.training`` holds the models and their references).

Orbit: the job fills satellites of the design's accelerators; gradients are all-reduced over the
chip interconnect inside a satellite and over the inter-satellite link ring across satellites
(``data/training.yaml``: Suncatcher's bench link rate). Interruptions: hard failures at the
economics' rates (LEO multiplier and radiation included) plus radiation single-event restarts
(``faults.upset_rate`` at the scenario's orbit, an estimate, unless the scenario gives a rate);
failures left unrepaired (``economics.attrition: degrade``) shrink the job (elastic). Ground: the
same job across servers of ``GROUND_ACCELERATORS_PER_SERVER`` over the data-center fabric at
``GROUND_FABRIC_BITS_PER_S`` per accelerator, at the terrestrial failure rate, repaired.
"""

from __future__ import annotations

from orbitaldc import catalog
from orbitaldc.constants import JULIAN_YEAR_S
from orbitaldc.economics.parameters import orbital_failure_rate_per_year
from orbitaldc.errors import ScenarioError

GROUND_ACCELERATORS_PER_SERVER = 8  # NVIDIA DGX/HGX H100 and B200: 8 GPUs per server (DGX user guides)
GROUND_FABRIC_BITS_PER_S = 4.0e11  # one 400 Gb/s ConnectX-7 port per GPU (NVIDIA DGX H100 User Guide, 2024)


def _job(spec):
    from orbitaldc.ops.training import TrainingJob, defaults

    tokens = spec.tokens_per_step or defaults()["tokens_per_step"]
    return TrainingJob(accelerators=spec.accelerators, model_parameters=spec.model_parameters,
                       duration_h=spec.duration_h, tokens_per_step=tokens)


def check_training(scenario, design) -> None:
    """Refuse a job the fleet cannot run (``ScenarioError``): more accelerators than it has."""
    spec = scenario.workload.training
    fleet = int(design.satellites) * int(design.accelerators)
    if spec.accelerators > fleet:
        raise ScenarioError("workload.training.accelerators", f"the job needs {spec.accelerators:,} accelerators; "
                            f"the fleet has {fleet:,} ({design.satellites:,} x {design.accelerators})")


def training_sides(scenario, design, inputs: dict) -> dict:
    """{orbital, terrestrial: goodput, step time parts, checkpoint interval, MTBF, wall-clock}."""
    from orbitaldc.ops.faults import scenario_upset_rate
    from orbitaldc.ops.training import (
        attrition_goodput,
        checkpoint_write_s,
        defaults,
        job_failure_rate_per_s,
        step_time_s,
        training_goodput,
    )

    check_training(scenario, design)
    spec = scenario.workload.training
    job = _job(spec)
    upset = scenario_upset_rate(scenario, design.satellites, spec.upsets_per_accelerator_year)
    d = defaults()
    peak = catalog.values("accelerators", scenario.satellite.compute.accelerator)["peak_bf16_flops"]
    ground_rate = inputs["accelerator_failure_rate_per_year"]
    orbit_rate = float(orbital_failure_rate_per_year(inputs))
    checkpoint = float(checkpoint_write_s(job, d["checkpoint_write_bytes_per_s_per_accelerator"] * job.accelerators))
    out = {}
    for side, per_unit, link, rate, upsets in (
            ("orbital", int(design.accelerators), d["isl_bits_per_s"], orbit_rate, upset.per_accelerator_year),
            ("terrestrial", GROUND_ACCELERATORS_PER_SERVER, GROUND_FABRIC_BITS_PER_S * GROUND_ACCELERATORS_PER_SERVER,
             ground_rate, 0.0)):
        try:
            step = step_time_s(job, peak, d["mfu"], per_unit, link, d["intra_bits_per_s"])
        except ValueError as exc:
            raise ScenarioError("workload.training", str(exc)) from None
        failures = job_failure_rate_per_s(job.accelerators, hard_failures_per_accelerator_year=rate,
                                          upsets_per_accelerator_year=upsets)
        capacity = 1.0
        if side == "orbital" and scenario.economics.attrition == "degrade":
            per_accelerator_s = orbit_rate / JULIAN_YEAR_S
            capacity = attrition_goodput(job.accelerators, per_accelerator_s, job.work_s)["capacity_fraction"]
        result = training_goodput(job, step, 1.0 / failures, checkpoint, spec.restart_s, capacity_fraction=capacity)
        out[side] = {"goodput": result["goodput"], "parts": result["parts"],
                     "checkpoint_interval_s": result["interval_s"], "wall_clock_h": result["wall_clock_s"] / 3600.0,
                     "step_time_s": float(step.total_s), "compute_s": float(step.compute_s),
                     "communication_s": float(step.exposed_communication_s), "units": int(step.satellites),
                     "unit": "satellite" if side == "orbital" else "server",
                     "mtbf_h": 1.0 / failures / 3600.0, "checkpoint_s": checkpoint,
                     "link_bits_per_s": link, "chip_interconnect_bits_per_s": d["intra_bits_per_s"],
                     "upsets_per_accelerator_year": upsets, "preemptions": failures * result["wall_clock_s"]
                     * upsets / (rate + upsets) if rate + upsets > 0 else 0.0,
                     "note": "chip interconnect: data/training.yaml's TPU v6e ICI rate for every accelerator"}
    return out
