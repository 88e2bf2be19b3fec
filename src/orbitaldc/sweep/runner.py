"""Run a sweep into a store: batches on a local process pool or a Dask cluster, one code path.

Every batch is ``run_batch``: evaluate its scenarios (``sweep.batch``) and write one Parquet shard.
The local pool (``workers``) and a Dask ``LocalCluster`` (``local:N``) write shards on the workers;
a remote scheduler (``tcp://HOST:PORT``) returns the batch as an Arrow table and this process
writes it, because its workers need not see this file system. Scenarios already in the store (by
``scenario_hash``) are skipped, so a killed sweep re-run finishes the rest, each scenario once.
"""

from __future__ import annotations

import math
import os
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import as_completed as pool_completed
from pathlib import Path

import numpy as np

from orbitaldc.errors import ScenarioError
from orbitaldc.sweep import store as st
from orbitaldc.sweep.sampling import scenario_points

MAX_BATCH_ROWS = 65_536
PROBE_ROWS = 256


def batch_table(sweep, hashes: np.ndarray, columns: dict) -> dict:
    """The shard's columns: key, axis values, result columns."""
    from orbitaldc.sweep.batch import evaluate_batch

    out = {"scenario_hash": np.asarray(hashes, dtype=np.uint64)}
    for axis in sweep.axes:
        out[axis.column] = columns[axis.path]
    out.update(evaluate_batch(sweep, columns))
    return out


def _die_with(owner_pid: int) -> None:
    """In a worker process of this machine: be killed with the sweep process (Linux prctl
    PR_SET_PDEATHSIG), so a worker orphaned by a kill never writes a shard that the resumed sweep is
    also writing (a duplicate row)."""
    if os.getpid() == owner_pid:
        return  # evaluated in the sweep process itself
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != owner_pid:
        os._exit(1)  # the sweep process is already gone


def run_batch(sweep, name: str, hashes, columns: dict, directory: str | None, owner_pid: int = 0) -> dict:
    """Evaluate one batch; write its shard (``directory``) or return it as an Arrow table."""
    if directory is not None and owner_pid:
        _die_with(owner_pid)
    table = batch_table(sweep, hashes, columns)
    errors = int(np.sum(table["error"] != "")) if "error" in table else 0
    feasible = table.get("feasible")
    infeasible = int(np.sum(feasible != True)) if feasible is not None else 0  # noqa: E712  (object or bool)
    summary = {"rows": len(hashes), "errors": errors, "infeasible": infeasible,
               "batched": int(np.sum(table["batched"] == True))}  # noqa: E712
    if directory is not None:
        if owner_pid and os.getpid() != owner_pid and os.getppid() != owner_pid:
            os._exit(1)  # orphaned: the resumed sweep evaluates these scenarios
        st.write_shard(Path(directory), name, table)
    else:
        summary["table"] = st._columns_to_table(table)
    return summary


def batch_rows(sweep, todo: int, workers: int, per_scenario: bool = False) -> int:
    """Rows per batch: a few batches per worker, large when the stages run vectorized."""
    per_scenario = per_scenario or sweep.spec.timeline or sweep.spec.operations
    cap = 64 if per_scenario else MAX_BATCH_ROWS
    floor = 1 if per_scenario else 16_384  # each group of a batch costs a few ms of set-up
    return int(min(cap, max(floor, math.ceil(todo / (4 * max(workers, 1))))))


def _noop(_):
    return None


class _Local:
    """The default executor: a process pool, or this process for one worker. Workers are forked
    (POSIX) after the stages are imported, so they start in milliseconds, not seconds."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = None
        if workers > 1:
            import multiprocessing

            import orbitaldc.sweep.batch  # noqa: F401  (imported once, inherited by the forked workers)
            import orbitaldc.sweep.group  # noqa: F401

            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
            # Start the workers now, before the store's lock file is open: a forked worker must not
            # inherit (and, orphaned by a kill, keep holding) the lock.
            list(self.pool.map(_noop, range(workers)))
        self.writes_on_workers = True

    def run(self, tasks):
        if self.pool is None:
            for task in tasks:
                yield run_batch(*task)
            return
        futures = [self.pool.submit(run_batch, *task) for task in tasks]
        for future in pool_completed(futures):
            yield future.result()

    def close(self):
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


class _Dask:
    """Dask distributed: ``local:N`` starts a LocalCluster of N single-threaded worker processes on
    127.0.0.1; ``tcp://HOST:PORT`` joins a running scheduler."""

    def __init__(self, address: str):
        import logging

        from distributed import Client, LocalCluster

        self.cluster = None
        if address.startswith("local:"):
            try:
                n = int(address.removeprefix("local:"))
            except ValueError:
                n = 0
            if not 1 <= n <= 1024:
                raise ScenarioError("--dask", f"{address!r}: give local:N with N workers, 1-1024")
            import dask

            import orbitaldc.sweep.batch  # noqa: F401  (forked workers inherit the imported stages)

            with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}):
                self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                            dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
            self.writes_on_workers = True
        elif address.startswith("tcp://"):
            try:
                self.client = Client(address, timeout=10)
            except (OSError, TimeoutError) as exc:
                raise ScenarioError("--dask", f"cannot reach the Dask scheduler at {address}: {exc}") from None
            self.writes_on_workers = False
        else:
            raise ScenarioError("--dask", f"{address!r}: give local:N or tcp://HOST:PORT")

    def run(self, tasks):
        from distributed import as_completed

        futures = [self.client.submit(run_batch, *task, pure=False) for task in tasks]
        for future in as_completed(futures):
            yield future.result()

    def close(self):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def run_sweep(sweep, store: str | Path, *, workers: int = 1, dask: str | None = None,
              batch_size: int | None = None, progress=None) -> dict:
    """Evaluate every scenario of ``sweep`` not yet in ``store``; returns a summary.

    ``progress(done, total)`` is called as batches finish (rows, over the sweep's scenarios)."""
    store = Path(store)
    if store.suffix != ".duckdb":
        raise ScenarioError("--store", f"{store}: the store is a DuckDB file, name it *.duckdb")
    if workers < 1:
        raise ScenarioError("--workers", f"at least 1 worker (got {workers})")
    started = time.perf_counter()
    hashes, columns = scenario_points(sweep)
    executor = _Local(workers) if dask is None else _Dask(dask)  # a bad address fails before the store is touched
    try:
        return _run(sweep, store, executor, hashes, columns, workers if dask is None else 2, batch_size, progress,
                    started)
    finally:
        executor.close()


def _run(sweep, store: Path, executor, hashes, columns, workers: int, batch_size, progress, started) -> dict:
    with st.StoreLock(store):
        directory = st.shard_dir(store)
        st.remove_partial(directory)
        stored = st.stored_hashes(store)
        todo = np.flatnonzero(~np.isin(hashes, stored))
        total, already = len(hashes), len(hashes) - len(todo)
        st.refresh(store, sweep.axes)
        summary = {"store": str(store), "shards": str(directory), "scenarios": total, "already_stored": already,
                   "evaluated": 0, "batched": 0, "errors": 0, "infeasible": 0}
        if progress is not None:
            progress(already, total)
        run_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        where = str(directory) if executor.writes_on_workers else None
        state = {"done": already, "k": 0}

        def submit(index: np.ndarray, rows: int) -> None:
            tasks = [(sweep, f"shard-{run_id}-{state['k'] + k:06d}", hashes[index[i:i + rows]],
                      {p: v[index[i:i + rows]] for p, v in columns.items()}, where, os.getpid())
                     for k, i in enumerate(range(0, len(index), rows))]
            state["k"] += len(tasks)
            for result in executor.run(tasks):
                if "table" in result:
                    state["k"] += 1
                    st.write_table_shard(directory, f"shard-{run_id}-r{state['k']:06d}", result.pop("table"))
                for key in ("errors", "infeasible", "batched", "rows"):
                    summary["evaluated" if key == "rows" else key] += result[key]
                state["done"] += result["rows"]
                if progress is not None:
                    progress(state["done"], total)

        if len(todo) and batch_size:
            submit(todo, batch_size)
        elif len(todo):
            # A first small batch tells whether the vectorized path takes this sweep: if not, the rest
            # goes in small batches too (progress and a resume then lose little).
            probe = todo[:PROBE_ROWS]
            submit(probe, PROBE_ROWS)
            per_scenario = summary["batched"] < 0.5 * len(probe)
            rest = todo[PROBE_ROWS:]
            if len(rest):
                submit(rest, batch_rows(sweep, len(rest), workers, per_scenario))
        if len(todo):
            st.refresh(store, sweep.axes)
    summary["seconds"] = time.perf_counter() - started
    return summary
