"""Scenario models of the workload the Operations stage runs (``workload:``; optional)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from orbitaldc.fields import Count, NonNegativeCount
from orbitaldc.scenario.base import Strict


class SyntheticTrace(Strict):
    """A generated trace in the Azure format (ops.workload.synthetic_trace): diurnal load by user
    region, bursty arrivals, token lengths of the Azure 2023 traces."""

    requests_per_s: Annotated[float, Field(gt=0.0, le=100_000.0)] = Field(description="mean arrival rate, 1/s")
    hours: Annotated[float, Field(gt=0.0, le=744.0)] = Field(24.0, description="trace length, h (at most 31 days)")
    kind: Literal["conversation", "code"] = "conversation"
    seed: NonNegativeCount = 0

    @model_validator(mode="after")
    def _within_limits(self):
        from orbitaldc.limits import DOC, MAX_TRACE_REQUESTS

        expected = self.requests_per_s * self.hours * 3600.0
        if expected > MAX_TRACE_REQUESTS:
            raise ValueError(f"requests_per_s x hours = {expected:,.0f} expected requests is above the limit of "
                             f"{MAX_TRACE_REQUESTS:,} (each is held in memory through the simulation; {DOC})")
        return self


class Inference(Strict):
    """LLM inference: a request trace served by every accelerator of the fleet, and by the same
    number of accelerators at the terrestrial site."""

    trace: str | None = Field(None, description="Azure LLM inference trace CSV (TIMESTAMP,ContextTokens,"
                              "GeneratedTokens[,Region]); relative to the scenario file")
    synthetic: SyntheticTrace | None = None
    model: str = Field("llama-3.1-70b", description="model id in catalog/models.yaml")
    precision: str = Field("fp8", description="served number format (catalog/models.yaml formats)")
    batch: Annotated[Count, Field(le=4096)] | None = Field(
        None, description="sequences per replica (continuous batching); default min(256, the KV-cache limit): 256 is "
        "vLLM's default max_num_seqs")
    max_wait_s: Annotated[float, Field(gt=0.0, le=86_400.0)] = Field(
        60.0, description="a request that cannot start within this wait is dropped")
    routing: Literal["isl", "direct"] | None = Field(
        None, description="isl: any satellite reachable over inter-satellite links from one in view computes "
        "(default for a cluster); direct: only satellites in view of a station (default otherwise)")
    route_factor: Annotated[float, Field(ge=1.0, le=5.0)] = Field(
        2.1, description="fibre path length over great-circle distance (Bozkurt et al. 2018), both sides")
    at_years: Annotated[float, Field(ge=0.0, le=50.0)] | None = Field(
        None, description="when in the horizon the trace runs (years after epoch); default mid-horizon")
    link: Literal["optical", "rf"] = Field(
        "optical", description="ground links: optical (TBIRD-class rate, needs a cloud-free line of sight) or rf "
        "(no weather; give downlink_bits_per_s)")
    downlink_bits_per_s: Annotated[float, Field(gt=0.0, le=1.0e13)] | None = Field(
        None, description="capacity of one station's link, bit/s; default for optical 2e11 (NASA TBIRD, 2023)")
    bytes_per_token: Annotated[float, Field(gt=0.0, le=1.0e7)] = Field(
        4.0, description="bytes each context or generated token puts on the ground links (default 4: ~4 characters "
        "of English text per token, OpenAI tokenizer guide, 1 byte each in UTF-8); raise it for images or audio")
    clear_sky_probability: Annotated[float, Field(gt=0.0, le=1.0)] | None = Field(
        None, description="optical: chance a station has a cloud-free line of sight in a given hour; default 0.69")
    upsets_per_accelerator_year: Annotated[float, Field(ge=0.0, le=1.0e4)] | None = Field(
        None, description="radiation single-event restarts per accelerator-year in orbit; default an estimate at the "
        "scenario's orbit (data/training.yaml, ops/faults.py); 0 turns them off")

    @model_validator(mode="after")
    def _one_source(self):
        if (self.trace is None) == (self.synthetic is None):
            raise ValueError("give exactly one of trace (a CSV file) or synthetic")
        if self.link == "rf" and self.downlink_bits_per_s is None:
            raise ValueError("an rf link needs downlink_bits_per_s (no sourced default)")
        if self.link == "rf" and self.clear_sky_probability is not None:
            raise ValueError("clear_sky_probability applies to optical links only")
        return self

    @field_validator("model")
    @classmethod
    def _known_model(cls, model):
        from orbitaldc.ops.serving import known_models

        known = known_models()
        if model not in known:
            raise ValueError(f"unknown model {model!r} (known: {', '.join(known)})")
        return model


class Training(Strict):
    """A data-parallel training job across satellites (gradients all-reduced over the inter-satellite
    links) and the same job on the ground (across servers over the data-center fabric)."""

    accelerators: Annotated[Count, Field(le=100_000_000)] = Field(description="accelerators the job uses")
    model_parameters: Annotated[float, Field(gt=0.0, le=1.0e14)] = Field(description="e.g. 7.0e+10 for a 70B model")
    duration_h: Annotated[float, Field(gt=0.0, le=1.0e5)] = Field(description="failure-free hours of training")
    restart_s: Annotated[float, Field(ge=0.0, le=86_400.0)] = Field(
        description="time to restart from a checkpoint after an interruption, s (no sourced default: give yours)")
    tokens_per_step: Annotated[float, Field(gt=0.0, le=1.0e9)] | None = Field(
        None, description="global batch in tokens; default 4M (Llama 2, data/training.yaml)")
    upsets_per_accelerator_year: Annotated[float, Field(ge=0.0, le=1.0e4)] | None = Field(
        None, description="restarts from radiation single-event upsets per accelerator-year in orbit; default an "
        "estimate at the scenario's orbit (data/training.yaml, ops/faults.py); 0 turns them off")


class Workload(Strict):
    """What the fleet runs; without it, ``run`` prices capacity only (no Operations stage)."""

    inference: Inference | None = None
    training: Training | None = None

    @model_validator(mode="after")
    def _something(self):
        if self.inference is None and self.training is None:
            raise ValueError("name a workload: inference, training or both")
        return self
