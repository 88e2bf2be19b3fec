"""Trade studies at scale: sweeps of scenarios into a DuckDB store, NSGA-II Pareto fronts and Sobol
sensitivity over the sweep's axes (docs/sweeps.md).

``load_sweep(path)`` validates a sweep file (every axis path and range against the scenario schema);
``run_sweep(sweep, store)`` evaluates it on a process pool or Dask into Parquet shards and the
DuckDB view ``results``; ``optimize`` and ``sensitivity`` answer which designs are best and which
inputs matter.
"""

from orbitaldc.sweep.runner import run_sweep
from orbitaldc.sweep.spec import Sweep, load_sweep, parse_sweep

__all__ = ["Sweep", "load_sweep", "parse_sweep", "run_sweep"]
