"""LLM serving model: roofline step times, continuous batching and the KV-cache limit per replica.

A replica is ``tp`` accelerators serving one copy of the model with tensor parallelism. Step times
follow the roofline (Williams, Waterman & Patterson, CACM 2009) as applied to transformer
inference by Pope et al., "Efficiently Scaling Transformer Inference", MLSys 2023
(arXiv:2211.05102), and the MFU/MBU accounting of Databricks/MosaicML, "LLM Inference Performance
Engineering: Best Practices" (2023):

- compute time = FLOPs / (peak of the served format x MFU x tp); FLOPs per token = 2 x parameters
  plus attention 4 x layers x heads x head_dim x context (QK^T and AV, Kaplan et al. 2020 Table 1);
- memory time  = bytes / (HBM bandwidth x MBU x tp); a decode step reads all weights once plus the
  KV cache of every sequence in the batch;
- a step takes the larger of the two.

Continuous batching (Yu et al., "Orca", OSDI 2022): at steady batch ``b`` every decode step emits one
token per sequence, and a new request's prefill is fused into the running steps, so it costs its
compute only. The KV cache holds what is left of HBM after the weights, times the engine's free
memory fraction (TensorRT-LLM ``kvcache_free_gpu_mem_frac`` = 0.9 in NVIDIA's MLPerf configs).
Units: seconds, tokens, bytes, FLOP. GB in the catalog are 1e9 bytes. All numbers come from
``catalog/accelerators.yaml`` and ``catalog/models.yaml`` (one set of efficiencies for every device).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orbitaldc import catalog

PRECISION_PEAK_FIELD = {"bf16": "peak_bf16_flops", "fp8": "peak_fp8_flops", "fp4": "peak_fp4_flops",
                        "int8": "peak_int8_ops"}
TENSOR_PARALLEL_DEGREES = (1, 2, 4, 8, 16, 32, 64)


def known_models() -> list[str]:
    """Model ids in catalog/models.yaml (entries with a parameter count)."""
    return [k for k in catalog.entries("models") if "parameters" in catalog.values("models", k)]


@dataclass(frozen=True)
class ServingModel:
    """One replica of ``model`` on ``accelerators_per_replica`` x ``accelerator`` (tensor parallel).

    Memory and throughput figures are per replica unless the name says per accelerator.
    """

    accelerator: str
    model: str
    precision: str
    accelerators_per_replica: int
    parameters: float
    layers: int
    attention_heads: int
    head_dim: int
    context_tokens: int
    weight_bytes: float              # whole model, B
    kv_bytes_per_token: float        # per token of context, all layers, K and V, B
    max_kv_tokens: int               # KV-cache capacity of the replica, tokens
    peak_flops: float                # per accelerator, dense, served format, FLOP/s
    hbm_bandwidth_bytes_per_s: float  # per accelerator, B/s
    mfu_prefill: float
    mfu_decode: float
    mbu: float
    mean_input_tokens: float         # workload shape used by max_batch and tokens_per_s_offline
    mean_output_tokens: float

    @property
    def max_batch(self) -> int:
        """Most sequences the KV cache holds at the workload's mean occupancy (input + output/2 tokens)."""
        return int(self.max_kv_tokens // (self.mean_input_tokens + 0.5 * self.mean_output_tokens))

    def _compute_s(self, flops, mfu):
        return flops / (self.peak_flops * mfu * self.accelerators_per_replica)

    def _memory_s(self, nbytes):
        return nbytes / (self.hbm_bandwidth_bytes_per_s * self.mbu * self.accelerators_per_replica)

    def _attention_flops(self, query_tokens, context_tokens):
        """QK^T and AV FLOPs for ``query_tokens`` attending to ``context_tokens`` each (Kaplan et al. 2020)."""
        return 4.0 * self.layers * self.attention_heads * self.head_dim * query_tokens * context_tokens

    def prefill_s(self, context_tokens, batch=1):
        """Time of one prefill pass over ``batch`` prompts of ``context_tokens`` tokens each, s.

        Compute-bound: (2 x parameters x tokens + causal attention) / (peak x MFU_prefill x tp), with a
        memory floor of reading the weights once and writing the new KV cache. Vectorized.
        """
        n = np.asarray(context_tokens, dtype=float)
        b = np.asarray(batch, dtype=float)
        if np.any(n < 0) or np.any(b < 1):
            raise ValueError("prefill_s: context_tokens must be >= 0 and batch >= 1")
        tokens = n * b
        flops = 2.0 * self.parameters * tokens + b * self._attention_flops(n, n / 2.0)
        nbytes = self.weight_bytes + tokens * self.kv_bytes_per_token
        return np.maximum(self._compute_s(flops, self.mfu_prefill), self._memory_s(nbytes))

    def decode_step_s(self, batch, mean_kv_tokens):
        """Time of one decode step for ``batch`` sequences holding ``mean_kv_tokens`` of context each, s.

        max(weights + batch x KV bytes over bandwidth x MBU x tp,
            batch x (2 x parameters + attention) FLOPs over peak x MFU_decode x tp). Vectorized.
        """
        b = np.asarray(batch, dtype=float)
        kv = np.asarray(mean_kv_tokens, dtype=float)
        if np.any(b < 1) or np.any(kv < 0):
            raise ValueError("decode_step_s: batch must be >= 1 and mean_kv_tokens >= 0")
        nbytes = self.weight_bytes + b * kv * self.kv_bytes_per_token
        flops = b * (2.0 * self.parameters + self._attention_flops(1.0, kv))
        return np.maximum(self._memory_s(nbytes), self._compute_s(flops, self.mfu_decode))

    def fits(self, context_tokens, generated_tokens, batch):
        """Whether ``batch`` sequences at their mean occupancy fit the replica's KV cache (bool array)."""
        need = np.asarray(batch, dtype=float) * (np.asarray(context_tokens, dtype=float)
                                                  + 0.5 * np.asarray(generated_tokens, dtype=float))
        return need <= self.max_kv_tokens

    def service_s(self, context_tokens, generated_tokens, batch):
        """Time one request spends in a continuously batched replica at steady batch ``batch``, s.

        Its own prefill (a batch-1 pass, which sets the time to first token) plus ``generated_tokens``
        decode steps shared with ``batch`` - 1 others at the mean context input + output/2.
        Vectorized; raises ValueError where the batch does not fit the KV cache.
        """
        n_in = np.asarray(context_tokens, dtype=float)
        n_out = np.asarray(generated_tokens, dtype=float)
        if np.any(n_out < 0):
            raise ValueError("service_s: generated_tokens must be >= 0")
        if not np.all(self.fits(n_in, n_out, batch)):
            raise ValueError(f"service_s: batch exceeds the KV cache of {self.max_kv_tokens} tokens per replica")
        return self.prefill_s(n_in) + n_out * self.decode_step_s(batch, n_in + 0.5 * n_out)

    def tokens_per_s(self, batch, context_tokens=None, generated_tokens=None):
        """Steady output tokens/s per accelerator at ``batch`` (throughput mode, prefill fused into steps).

        Per request: its prefill compute (weights already streamed by the running decode steps) plus
        its share 1/batch of ``generated_tokens`` decode steps. Defaults to the workload's mean shape.
        """
        n_in = self.mean_input_tokens if context_tokens is None else np.asarray(context_tokens, dtype=float)
        n_out = self.mean_output_tokens if generated_tokens is None else np.asarray(generated_tokens, dtype=float)
        b = np.asarray(batch, dtype=float)
        prefill = self._compute_s(2.0 * self.parameters * n_in + self._attention_flops(n_in, n_in / 2.0),
                                  self.mfu_prefill)
        per_request_s = prefill + n_out * self.decode_step_s(b, n_in + 0.5 * n_out) / b
        return n_out / per_request_s / self.accelerators_per_replica

    def tokens_per_s_offline(self) -> float:
        """MLPerf-style Offline output tokens/s per accelerator at the largest batch the KV cache holds.

        Throughput grows with batch (the weight read is shared), so the best batch is ``max_batch``.
        """
        if self.max_batch < 1:
            return 0.0
        return float(self.tokens_per_s(self.max_batch))


def _require(values: dict, field: str, where: str) -> float:
    if field not in values:
        raise ValueError(f"{where} has no {field} in the catalog")
    return values[field]


def serving_model(accelerator: str, model: str = "llama-2-70b", precision: str = "fp8",
                  tensor_parallel: int | None = None) -> ServingModel:
    """Build the serving model of ``model`` in ``precision`` on ``accelerator`` from the catalogs.

    ``tensor_parallel`` None picks the smallest degree in 1, 2, 4, ... 64 whose weights fill at most
    ``max_weight_fraction`` of the replica's HBM (models.yaml serving-efficiency). The workload shape
    is the MLPerf Llama 2 70B dataset's (models.yaml mlperf-llama2-70b).
    """
    if accelerator not in catalog.entries("accelerators"):
        raise ValueError(f"unknown accelerator {accelerator!r}; known: {', '.join(catalog.entries('accelerators'))}")
    models = known_models()
    if model not in models:
        raise ValueError(f"unknown model {model!r}; known: {', '.join(models)}")
    if precision not in PRECISION_PEAK_FIELD:
        raise ValueError(f"unknown precision {precision!r}; known: {', '.join(PRECISION_PEAK_FIELD)}")
    acc = catalog.values("accelerators", accelerator)
    arch = catalog.values("models", model)
    fmt = catalog.values("models", f"precision-{precision}")
    eff = catalog.values("models", "serving-efficiency")
    shape = catalog.values("models", "mlperf-llama2-70b")
    peak = _require(acc, PRECISION_PEAK_FIELD[precision], accelerator)
    bandwidth = _require(acc, "hbm_bandwidth_bytes_per_s", accelerator)
    hbm_bytes = acc["hbm_gb"] * 1e9
    weight_bytes = arch["parameters"] * fmt["weight_bytes_per_param"]
    if tensor_parallel is None:
        fitting = [t for t in TENSOR_PARALLEL_DEGREES if weight_bytes <= eff["max_weight_fraction"] * t * hbm_bytes]
        if not fitting:
            raise ValueError(f"{model} in {precision} does not fit {TENSOR_PARALLEL_DEGREES[-1]} x {accelerator}")
        tensor_parallel = fitting[0]
    if int(tensor_parallel) != tensor_parallel or tensor_parallel < 1:
        raise ValueError(f"tensor_parallel must be a positive integer, got {tensor_parallel!r}")
    tp = int(tensor_parallel)
    free_bytes = tp * hbm_bytes - weight_bytes
    if free_bytes <= 0:
        raise ValueError(f"{model} in {precision} ({weight_bytes / 1e9:.1f} GB) does not fit "
                         f"{tp} x {accelerator} ({tp * acc['hbm_gb']:.0f} GB)")
    kv_bytes_per_token = 2.0 * arch["layers"] * arch["kv_heads"] * arch["head_dim"] * fmt["kv_bytes_per_value"]
    max_kv_tokens = int(eff["kv_cache_free_memory_fraction"] * free_bytes // kv_bytes_per_token)
    return ServingModel(
        accelerator=accelerator, model=model, precision=precision, accelerators_per_replica=tp,
        parameters=arch["parameters"], layers=int(arch["layers"]), attention_heads=int(arch["attention_heads"]),
        head_dim=int(arch["head_dim"]), context_tokens=int(arch["context_tokens"]), weight_bytes=weight_bytes,
        kv_bytes_per_token=kv_bytes_per_token, max_kv_tokens=max_kv_tokens, peak_flops=peak,
        hbm_bandwidth_bytes_per_s=bandwidth, mfu_prefill=eff["mfu_prefill"], mfu_decode=eff["mfu_decode"],
        mbu=eff["mbu"], mean_input_tokens=shape["mean_input_tokens"], mean_output_tokens=shape["mean_output_tokens"],
    )
