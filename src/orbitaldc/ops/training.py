"""Training jobs on the fleet: step time over inter-satellite links, checkpointing, failures, goodput.

Step time. A data-parallel step costs compute plus the gradient all-reduce:

- compute = 6 N B / (n peak MFU), N parameters, B tokens per step, n accelerators (the 6ND rule:
  Kaplan et al., "Scaling Laws for Neural Language Models", arXiv:2001.08361, sec. 2.1; Hoffmann et
  al., "Training Compute-Optimal Large Language Models" (Chinchilla), arXiv:2203.15556);
- the all-reduce is hierarchical (Jia et al., arXiv:1807.11205, "hierarchical all-reduce"): the k
  accelerators of a satellite reduce-scatter the gradient G bytes over the chip interconnect, each
  all-reduces its G/k shard in a ring across the S satellites, then they all-gather. A ring all-reduce
  of G bytes over p members sends 2 (p - 1)/p G bytes per member and takes 2 (p - 1) hops (bandwidth
  optimal: Patarasuk & Yuan, JPDC 69(2) 117-124, 2009; alpha-beta cost 2 (p - 1) alpha + 2 (p - 1)/p G
  beta, Thakur, Rabenseifner & Gropp, IJHPCA 19(1) 49-66, 2005). The k shard rings share their
  satellite's ISL, so the inter-satellite phase moves 2 (S - 1)/S G bytes per satellite;
- a fraction ``overlap`` of the communication hides behind compute (never more than the compute);
  the default 0 is the conservative no-overlap bound.

Failures and checkpoints (exponential failures of rate 1/M; checkpoint cost delta; restart R):
Young's interval sqrt(2 delta M) (J. W. Young, CACM 17(9) 530-531, 1974) and Daly's higher-order
optimum and expected wall-clock T_w = M e^{R/M} (e^{(tau + delta)/M} - 1) T_s / tau (J. T. Daly,
"A higher order estimate of the optimum checkpoint interval for restart dumps", FGCS 22(3) 303-312,
2006). ``simulate_goodput`` samples the same process (a failure loses the segment in progress, a
restart can itself be interrupted) vectorized over runs and events with numpy.

Hard failures without repair (``attrition_goodput``): each of the n + s installed accelerators
survives to t with probability exp(-lambda t), so the survivors are Binomial(n + s, exp(-lambda t)).
Two policies: "elastic" (the job keeps running on min(survivors, n) accelerators, perfect scaling
assumed) and "stop" (it runs at full rate until fewer than n remain, i.e. the (s + 1)-th failure).
Units: seconds, bytes, bits/s, FLOP/s; rates per second unless the name says per year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np
import yaml
from scipy import stats
from scipy.integrate import simpson

from orbitaldc.constants import JULIAN_YEAR_S as SECONDS_PER_YEAR

FLOPS_PER_PARAMETER_TOKEN = 6.0      # forward 2 + backward 4 (Kaplan et al. 2020, sec. 2.1)
_MAX_EVENTS_PER_CHUNK = 4_000_000    # bounds memory of the Monte Carlo (~100 MB of float64 per chunk)
_MAX_EVENTS = 2_000_000_000          # refuse simulations that would take minutes


@cache
def defaults() -> dict[str, float]:
    """Plain values of data/training.yaml (each record there has source, year and kind)."""
    text = resources.files("orbitaldc").joinpath("data/training.yaml").read_text("utf-8")
    return {k: float(v["value"]) for k, v in yaml.safe_load(text).items()}


def _positive(value, name: str, allow_zero: bool = False) -> np.ndarray:
    a = np.asarray(value, dtype=float)
    bad = ~np.isfinite(a) | ((a < 0) if allow_zero else (a <= 0))
    if np.any(bad):
        raise ValueError(f"{name}: must be a finite number {'>= 0' if allow_zero else '> 0'}, got {value!r}")
    return a


def _fraction(value, name: str, open_low: bool) -> np.ndarray:
    a = np.asarray(value, dtype=float)
    bad = ~np.isfinite(a) | (a > 1) | ((a <= 0) if open_low else (a < 0))
    if np.any(bad):
        raise ValueError(f"{name}: must be in {'(0' if open_low else '[0'}, 1], got {value!r}")
    return a


@dataclass(frozen=True)
class TrainingJob:
    """A data-parallel training job.

    accelerators: accelerators it runs on; model_parameters: N; duration_h: failure-free hours of
    training wanted (the work T_s); tokens_per_step: global batch in tokens (default 4M, Llama 2);
    checkpoint_bytes: whole training state (default 14 B/parameter, ZeRO: fp16 weights + fp32 Adam
    state); gradient_bytes: all-reduced per step (default 2 B/parameter, bf16). See data/training.yaml.
    """

    accelerators: int
    model_parameters: float
    duration_h: float
    tokens_per_step: float = field(default_factory=lambda: defaults()["tokens_per_step"])
    checkpoint_bytes: float | None = None
    gradient_bytes: float | None = None

    def __post_init__(self):
        if isinstance(self.accelerators, bool) or int(self.accelerators) != self.accelerators \
                or self.accelerators < 1:
            raise ValueError(f"accelerators: must be a whole number >= 1, got {self.accelerators!r}")
        for name in ("model_parameters", "duration_h", "tokens_per_step"):
            _positive(getattr(self, name), name)
        d = defaults()
        if self.checkpoint_bytes is None:
            object.__setattr__(self, "checkpoint_bytes",
                               d["checkpoint_bytes_per_parameter"] * self.model_parameters)
        if self.gradient_bytes is None:
            object.__setattr__(self, "gradient_bytes", d["gradient_bytes_per_parameter"] * self.model_parameters)
        _positive(self.checkpoint_bytes, "checkpoint_bytes")
        _positive(self.gradient_bytes, "gradient_bytes")

    @property
    def work_s(self) -> float:
        return self.duration_h * 3600.0


@dataclass(frozen=True)
class StepTime:
    """One training step and its parts, seconds (arrays if the rates were arrays)."""

    total_s: np.ndarray
    compute_s: np.ndarray
    intra_s: np.ndarray               # reduce-scatter + all-gather over the chip interconnect
    inter_s: np.ndarray               # ring all-reduce of the shards over the ISL ring
    exposed_communication_s: np.ndarray
    satellites: int
    accelerators_per_satellite: int

    @property
    def communication_s(self) -> np.ndarray:
        return self.intra_s + self.inter_s


def ring_allreduce_s(nbytes, members: int, bits_per_s, hop_latency_s=0.0) -> np.ndarray:
    """Ring all-reduce of ``nbytes`` among ``members``: 2 (p-1) alpha + 2 (p-1)/p nbytes 8 / rate
    (Patarasuk & Yuan 2009; Thakur et al. 2005). Zero for one member."""
    if members <= 1:
        return np.zeros(np.broadcast(np.asarray(nbytes), np.asarray(bits_per_s)).shape)
    p = float(members)
    return 2.0 * (p - 1.0) * hop_latency_s + 2.0 * (p - 1.0) / p * np.asarray(nbytes) * 8.0 / bits_per_s


def step_time_s(job: TrainingJob, accelerator_peak_flops, mfu, accelerators_per_satellite: int,
                isl_bits_per_s, intra_bits_per_s, *, overlap=0.0, fleet_accelerators: int | None = None,
                isl_hop_latency_s=0.0, intra_hop_latency_s=0.0) -> StepTime:
    """Step time of ``job`` (module docstring). Rates may be arrays (broadcast): peak FLOP/s per
    accelerator (dense, training format), MFU in (0, 1], ISL rate each satellite sends to its ring
    neighbour (bit/s, one direction), chip-interconnect rate per accelerator (bit/s, one direction).
    The job fills satellites of ``accelerators_per_satellite`` (the last may be partly filled; it is
    costed as full). Raises ValueError naming the field for a job the fleet cannot run."""
    peak = _positive(accelerator_peak_flops, "accelerator_peak_flops")
    mfu = _fraction(mfu, "mfu", open_low=True)
    overlap = _fraction(overlap, "overlap", open_low=False)
    isl = _positive(isl_bits_per_s, "isl_bits_per_s", allow_zero=True)
    intra = _positive(intra_bits_per_s, "intra_bits_per_s", allow_zero=True)
    _positive(isl_hop_latency_s, "isl_hop_latency_s", allow_zero=True)
    _positive(intra_hop_latency_s, "intra_hop_latency_s", allow_zero=True)
    if int(accelerators_per_satellite) != accelerators_per_satellite or accelerators_per_satellite < 1:
        raise ValueError(f"accelerators_per_satellite: must be a whole number >= 1, got {accelerators_per_satellite!r}")
    if fleet_accelerators is not None and job.accelerators > fleet_accelerators:
        raise ValueError(f"accelerators: the job needs {job.accelerators} accelerators but the fleet has "
                         f"{fleet_accelerators}")
    k = min(job.accelerators, int(accelerators_per_satellite))
    satellites = -(-job.accelerators // k)
    if satellites > 1 and np.any(isl == 0):
        raise ValueError("isl_bits_per_s: a training job larger than one satellite needs inter-satellite links")
    if k > 1 and np.any(intra == 0):
        raise ValueError("intra_bits_per_s: a job on several accelerators of a satellite needs a chip interconnect")
    compute = (FLOPS_PER_PARAMETER_TOKEN * job.model_parameters * job.tokens_per_step
               / (job.accelerators * peak * mfu))
    with np.errstate(divide="ignore"):
        intra_s = ring_allreduce_s(job.gradient_bytes, k, np.where(intra > 0, intra, np.inf), intra_hop_latency_s)
        inter_s = ring_allreduce_s(job.gradient_bytes, satellites, np.where(isl > 0, isl, np.inf),
                                   isl_hop_latency_s)
    comm = intra_s + inter_s
    exposed = comm - np.minimum(overlap * comm, compute)
    return StepTime(total_s=compute + exposed, compute_s=compute * np.ones_like(exposed), intra_s=intra_s,
                    inter_s=inter_s, exposed_communication_s=exposed, satellites=satellites,
                    accelerators_per_satellite=k)


def checkpoint_write_s(job: TrainingJob, bytes_per_s) -> np.ndarray:
    """Seconds to write the job's checkpoint at an aggregate ``bytes_per_s`` (the whole job's write
    bandwidth, e.g. accelerators x defaults()['checkpoint_write_bytes_per_s_per_accelerator'])."""
    return job.checkpoint_bytes / _positive(bytes_per_s, "bytes_per_s")


def job_failure_rate_per_s(accelerators: int, *, hard_failures_per_accelerator_year=None,
                           upsets_per_accelerator_year=0.0) -> float:
    """Interruptions per second of a job: accelerators x (hard + upset rate). Default hard rate:
    catalog/economics.yaml orbital accelerator_failure_rate_per_year x leo_failure_rate_multiplier +
    radiation_failure_rate_per_year (Llama 3 interruptions; Suncatcher radiation tests). No sourced
    in-orbit upset (SEU) restart rate exists, so it defaults to 0: pass one to study it."""
    if hard_failures_per_accelerator_year is None:
        from orbitaldc import catalog
        from orbitaldc.economics.parameters import orbital_failure_rate_per_year

        hard_failures_per_accelerator_year = float(orbital_failure_rate_per_year(catalog.values("economics",
                                                                                                 "orbital")))
    hard = float(_positive(hard_failures_per_accelerator_year, "hard_failures_per_accelerator_year", True))
    seu = float(_positive(upsets_per_accelerator_year, "upsets_per_accelerator_year", True))
    return accelerators * (hard + seu) / SECONDS_PER_YEAR


def young_daly_interval_s(checkpoint_s, mtbf_s, *, order: str = "daly") -> np.ndarray:
    """Compute time between checkpoints. "young": sqrt(2 delta M) (Young 1974); "daly" (default):
    sqrt(2 delta M) [1 + (1/3) sqrt(delta/2M) + (1/9) delta/2M] - delta for delta < 2M, else M
    (Daly 2006, the higher-order optimum)."""
    d = _positive(checkpoint_s, "checkpoint_s")
    m = _positive(mtbf_s, "mtbf_s")
    young = np.sqrt(2.0 * d * m)
    if order == "young":
        return young
    if order != "daly":
        raise ValueError(f"order: must be 'young' or 'daly', got {order!r}")
    x = d / (2.0 * m)
    return np.where(d < 2.0 * m, young * (1.0 + np.sqrt(x) / 3.0 + x / 9.0) - d, m)


def daly_wall_clock_s(work_s, interval_s, checkpoint_s, restart_s, mtbf_s) -> np.ndarray:
    """Expected wall-clock to finish ``work_s`` of compute, T_w = M e^{R/M} (e^{(tau+delta)/M} - 1) T_s / tau
    (Daly 2006, expected completion time with restart; exponential failures, which also strike during
    checkpoints and restarts)."""
    m = _positive(mtbf_s, "mtbf_s")
    tau = _positive(interval_s, "interval_s")
    return (m * np.exp(_positive(restart_s, "restart_s", True) / m)
            * np.expm1((tau + _positive(checkpoint_s, "checkpoint_s", True)) / m)
            * _positive(work_s, "work_s") / tau)


def _truncated_exponential(rng, n: int, rate: float, upper: float) -> np.ndarray:
    """n draws of an exponential(rate) conditioned on < upper (inverse CDF)."""
    return -np.log1p(rng.random(n) * np.expm1(-rate * upper)) / rate


def _lost_time(rng, counts: np.ndarray, rate: float, upper: float) -> np.ndarray:
    """Per run, the sum of counts[i] truncated-exponential losses (one per failure)."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(counts.size)
    owner = np.repeat(np.arange(counts.size), counts)
    return np.bincount(owner, weights=_truncated_exponential(rng, total, rate, upper), minlength=counts.size)


def _failures(rng, successes: np.ndarray | int, p: float, size: int) -> np.ndarray:
    """Failures before ``successes`` successes of Bernoulli(p) (negative binomial; 0 where successes = 0)."""
    s = np.broadcast_to(np.asarray(successes, dtype=np.int64), (size,))
    out = np.zeros(size, dtype=np.int64)
    if p >= 1.0:
        return out
    pos = s > 0
    if np.any(pos):
        out[pos] = rng.negative_binomial(s[pos], p)
    return out


def simulate_goodput(work_s: float, checkpoint_interval_s: float, checkpoint_s: float, restart_s: float,
                     failure_rate_per_s: float, *, runs: int = 20_000, seed: int = 0) -> dict:
    """Monte Carlo of a job needing ``work_s`` of compute, checkpointing every ``checkpoint_interval_s``
    of compute (each checkpoint ``checkpoint_s``; the last segment ends with a checkpoint too) under
    exponential failures of ``failure_rate_per_s``. A failure loses the segment in progress (compute
    and checkpoint) and costs a restart of ``restart_s``, which a further failure also interrupts.
    Exact sampling, vectorized over runs and events: the failures of n segments of length L are
    negative binomial(n, e^{-lambda L}), each loss exponential truncated to [0, L).

    Returns goodput (work_s / mean wall-clock), goodput_se (delta method), wall_clock_s and its
    wall_clock_se_s, failures (mean per run), runs."""
    tau = float(_positive(checkpoint_interval_s, "checkpoint_interval_s"))
    work = float(_positive(work_s, "work_s"))
    delta = float(_positive(checkpoint_s, "checkpoint_s", True))
    r = float(_positive(restart_s, "restart_s", True))
    lam = float(_positive(failure_rate_per_s, "failure_rate_per_s", True))
    if int(runs) != runs or runs < 2:
        raise ValueError(f"runs: must be a whole number >= 2, got {runs!r}")
    n_full = int(math.floor(work / tau * (1 + 1e-12)))
    rem = max(work - n_full * tau, 0.0)
    last = rem + delta if rem > 1e-9 * tau else 0.0
    base = n_full * (tau + delta) + last
    if lam == 0.0:
        return {"goodput": work / base, "goodput_se": 0.0, "wall_clock_s": base, "wall_clock_se_s": 0.0,
                "failures": 0.0, "runs": int(runs)}
    expected_failures = n_full * math.expm1(lam * (tau + delta)) + math.expm1(lam * last)
    expected_events = expected_failures * math.exp(lam * r)
    if expected_events * runs > _MAX_EVENTS:
        raise ValueError(f"failure_rate_per_s: {expected_events:.3g} expected failures per run x {runs} runs is "
                         "too many to simulate; the job would hardly progress (use daly_wall_clock_s)")
    rng = np.random.default_rng(seed)
    chunk = int(max(1, min(runs, _MAX_EVENTS_PER_CHUNK // max(1.0, 2.0 * expected_events))))
    walls, fails = [], []
    for start in range(0, int(runs), chunk):   # chunks bound memory; every event inside is vectorized
        size = min(chunk, int(runs) - start)
        k_full = _failures(rng, n_full, math.exp(-lam * (tau + delta)), size)
        k_last = _failures(rng, 1 if last > 0 else 0, math.exp(-lam * last), size)
        k = k_full + k_last
        k_restart = _failures(rng, k, math.exp(-lam * r), size)   # interrupted restarts
        wall = (base + _lost_time(rng, k_full, lam, tau + delta) + _lost_time(rng, k_last, lam, last)
                + k * r + _lost_time(rng, k_restart, lam, r))
        walls.append(wall)
        fails.append(k + k_restart)
    wall = np.concatenate(walls)
    mean, se = float(wall.mean()), float(wall.std(ddof=1) / math.sqrt(wall.size))
    return {"goodput": work / mean, "goodput_se": work / mean * se / mean, "wall_clock_s": mean,
            "wall_clock_se_s": se, "failures": float(np.concatenate(fails).mean()), "runs": int(runs)}


def attrition_goodput(accelerators: int, hard_failure_rate_per_s: float, duration_s: float, *,
                      spares: int = 0, policy: str = "elastic", grid: int = 4001) -> dict:
    """Hard failures without repair over ``duration_s`` (module docstring for the policies).

    Returns capacity_fraction (mean over [0, T] of the accelerators working / ``accelerators``),
    completion_probability (P[at least ``accelerators`` survive to T]; under "elastic" the job always
    continues, more slowly), surviving_fraction (expected survivors / installed at T, exp(-lambda T)).
    E[min(A, n)] = E[A] - sum_{j=1..s} P(A >= n + j); P(run still going at t) = P(A(t) >= n); the time
    integral is Simpson's rule on ``grid`` points."""
    n = int(accelerators)
    if n != accelerators or n < 1:
        raise ValueError(f"accelerators: must be a whole number >= 1, got {accelerators!r}")
    if int(spares) != spares or spares < 0:
        raise ValueError(f"spares: must be a whole number >= 0, got {spares!r}")
    lam = float(_positive(hard_failure_rate_per_s, "hard_failure_rate_per_s", True))
    t_end = float(_positive(duration_s, "duration_s"))
    if policy not in ("elastic", "stop"):
        raise ValueError(f"policy: must be 'elastic' or 'stop', got {policy!r}")
    installed = n + int(spares)
    t = np.linspace(0.0, t_end, grid | 1)
    p = np.exp(-lam * t)
    if policy == "elastic":
        j = np.arange(1, int(spares) + 1)
        excess = stats.binom.sf(n + j[:, None] - 1, installed, p[None, :]).sum(axis=0) if spares else 0.0
        working = (installed * p - excess) / n
    else:
        working = stats.binom.sf(n - 1, installed, p)
    return {"capacity_fraction": float(simpson(working, x=t) / t_end),
            "completion_probability": float(stats.binom.sf(n - 1, installed, p[-1])),
            "surviving_fraction": float(p[-1]), "policy": policy}


def training_goodput(job: TrainingJob, step: StepTime | float, mtbf_s: float, checkpoint_s: float, restart_s: float,
                     interval_s: float | None = None, *, capacity_fraction: float = 1.0) -> dict:
    """Goodput of ``job`` and where the rest of its accelerator-time goes (fractions summing to 1):
    compute (useful model FLOPs time), communication (exposed all-reduce), checkpoint, rework (work and
    checkpoints lost to failures), restart (including interrupted restarts), attrition (capacity lost
    to unrepaired hard failures: 1 - ``capacity_fraction`` from ``attrition_goodput``). Expected values
    from Daly (2006) for the job's own schedule: whole intervals plus the remainder, each ending with
    a checkpoint, so a job shorter than the interval (Daly's optimum by default) pays a whole
    checkpoint and its failure risk for its little work. goodput = the compute fraction. Also
    returns interval_s and wall_clock_s (expected, for job.duration_h of failure-free training)."""
    m = float(_positive(mtbf_s, "mtbf_s"))
    delta = float(_positive(checkpoint_s, "checkpoint_s", True))
    r = float(_positive(restart_s, "restart_s", True))
    cap = float(_fraction(capacity_fraction, "capacity_fraction", open_low=True))
    if interval_s is None:
        if delta == 0:
            raise ValueError("checkpoint_s: must be > 0 to choose the Daly interval (or pass interval_s)")
        tau = float(young_daly_interval_s(delta, m))
    else:
        tau = float(_positive(interval_s, "interval_s"))
    work = job.work_s
    tau = min(tau, work)  # a job shorter than the interval is one segment, checkpointed at its end
    # whole intervals and the remainder, each ending with a checkpoint (the schedule simulate_goodput
    # samples); each segment's expected wall-clock is Daly's M e^{R/M} (e^{(L + delta)/M} - 1)
    n_full = math.floor(work / tau * (1 + 1e-12))
    rem = max(work - n_full * tau, 0.0)
    wall = checkpoints = rework = restart = 0.0
    for length, count in ((tau, n_full), (rem, 1 if rem > 1e-9 * tau else 0)):  # two kinds of segment
        seg = length + delta
        attempts_failed = math.expm1(seg / m)                   # expected failures per segment
        per_segment = m * math.exp(r / m) * attempts_failed     # expected wall-clock per segment
        lost = attempts_failed * m - seg                        # lost partial segments
        wall += count * per_segment
        checkpoints += count * delta
        rework += count * lost
        restart += count * (per_segment - seg - lost)
    if isinstance(step, StepTime):
        total_s, compute_s = float(np.asarray(step.total_s)), float(np.asarray(step.compute_s))
    else:
        total_s = compute_s = float(_positive(step, "step_time_s"))
    useful = work / wall
    parts = {"compute": useful * compute_s / total_s, "communication": useful * (1 - compute_s / total_s),
             "checkpoint": checkpoints / wall, "rework": rework / wall, "restart": restart / wall}
    parts = {k: v * cap for k, v in parts.items()} | {"attrition": 1.0 - cap}
    return {"goodput": parts["compute"], "parts": parts, "interval_s": tau, "wall_clock_s": wall / cap}
