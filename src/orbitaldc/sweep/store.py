"""The results store: Parquet shards beside a DuckDB database that exposes them as the view ``results``.

Layout for ``--store out/study.duckdb``: shards in ``out/study.shards/``, one per batch, written by
one writer under a temporary name and renamed into place (``os.replace`` is atomic on POSIX), so a
shard is either whole or absent whatever moment the process is killed. The database holds the view
``results`` over ``read_parquet(shards, union_by_name = true)`` and a table ``sweep_axes`` (path,
column, kind of every axis). Resuming reads the stored ``scenario_hash`` column and evaluates only
the rest, so every scenario ends in exactly one shard. A lock file keeps two sweeps from writing
one store at once.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import numpy as np

from orbitaldc.errors import ScenarioError

COMPRESSION = "snappy"  # measured: zstd took twice as long per shard for a 30 % smaller file


def _write(table, path: Path) -> None:
    """Parquet with dictionary encoding for text only (numbers rarely repeat; encoding them took 60 %
    of the write time)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    text = [f.name for f in table.schema if pa.types.is_string(f.type)]
    pq.write_table(table, path, compression=COMPRESSION, use_dictionary=text or False)


def shard_dir(store: Path) -> Path:
    return store.with_suffix(".shards")


def _columns_to_table(columns: dict[str, np.ndarray]):
    import pyarrow as pa

    arrays, names = [], []
    for name, values in columns.items():
        if values.dtype == np.uint64 or values.dtype.kind in "iub":
            arrays.append(pa.array(values))
        elif values.dtype.kind == "f":
            arrays.append(pa.array(values, from_pandas=True))  # NaN -> NULL
        else:  # objects: flags with gaps, or text (values of several types, e.g. 60 and "chain", as text)
            try:
                arrays.append(pa.array(values, from_pandas=True))
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                arrays.append(pa.array([None if v is None else str(v) for v in values], type=pa.string()))
            if not (pa.types.is_boolean(arrays[-1].type) or pa.types.is_string(arrays[-1].type)
                    or pa.types.is_null(arrays[-1].type)):
                arrays[-1] = pa.array([None if v is None else str(v) for v in values], type=pa.string())
        names.append(name)
    return pa.table(arrays, names=names)


def write_shard(directory: Path, name: str, columns: dict[str, np.ndarray]) -> Path:
    """Write one shard atomically (temporary name, fsync, rename) and return its path."""

    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{name}.parquet"
    temporary = directory / f".{name}.parquet.tmp"
    _write(_columns_to_table(columns), temporary)
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, final)
    return final


def write_table_shard(directory: Path, name: str, table) -> Path:
    """As ``write_shard``, for a pyarrow table already built (Dask workers on other machines)."""

    directory.mkdir(parents=True, exist_ok=True)
    final, temporary = directory / f"{name}.parquet", directory / f".{name}.parquet.tmp"
    _write(table, temporary)
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, final)
    return final


def remove_partial(directory: Path) -> int:
    """Delete temporary shards a killed run left behind; how many."""
    if not directory.is_dir():
        return 0
    partial = list(directory.glob(".*.parquet.tmp"))
    for path in partial:
        path.unlink(missing_ok=True)
    return len(partial)


def _glob(directory: Path) -> str:
    return str(directory.resolve() / "*.parquet").replace("'", "''")


def has_shards(directory: Path) -> bool:
    return directory.is_dir() and any(directory.glob("*.parquet"))


def stored_hashes(store: Path) -> np.ndarray:
    """scenario_hash of every stored row (uint64)."""
    import duckdb

    directory = shard_dir(store)
    if not has_shards(directory):
        return np.zeros(0, dtype=np.uint64)
    with duckdb.connect() as con:
        rows = con.execute(f"SELECT scenario_hash FROM read_parquet('{_glob(directory)}')").fetchnumpy()
    return np.asarray(rows["scenario_hash"], dtype=np.uint64)


def connect(store: Path, read_only: bool = False):
    import duckdb

    try:
        return duckdb.connect(str(store), read_only=read_only)
    except duckdb.Error as exc:
        raise ScenarioError(str(store), f"cannot open the DuckDB store: {' '.join(str(exc).split())[:200]}") from None


def refresh(store: Path, axes=None) -> None:
    """(Re)create the view ``results`` over the shards (an empty table while there are none) and,
    given ``axes``, the table ``sweep_axes``."""
    directory = shard_dir(store)
    store.parent.mkdir(parents=True, exist_ok=True)
    with connect(store) as con:
        kind = con.execute("SELECT table_type FROM information_schema.tables WHERE table_name = 'results'").fetchone()
        if kind is not None:
            con.execute("DROP VIEW results" if kind[0] == "VIEW" else "DROP TABLE results")
        if has_shards(directory):
            con.execute(f"CREATE VIEW results AS SELECT * FROM read_parquet('{_glob(directory)}', "
                        "union_by_name = true)")
        else:
            con.execute("CREATE TABLE results (scenario_hash UBIGINT)")
        if axes is not None:
            con.execute("CREATE OR REPLACE TABLE sweep_axes (path VARCHAR, column_name VARCHAR, kind VARCHAR)")
            con.executemany("INSERT INTO sweep_axes VALUES (?, ?, ?)", [(a.path, a.column, a.kind) for a in axes])


class StoreLock:
    """An exclusive lock on ``<store>.lock`` for the duration of a sweep."""

    def __init__(self, store: Path):
        self.path = store.with_suffix(store.suffix + ".lock")
        self.handle = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.path, "w")  # noqa: SIM115  (held for the sweep)
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise ScenarioError("--store", f"{self.path.with_suffix('')} is being written by another sweep") from None
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def query(store: Path, sql: str):
    """(column names, rows) of ``sql`` on the store (its view refreshed first when it can be)."""
    import duckdb

    if store.is_dir():
        raise ScenarioError(str(store), "is a directory, not a DuckDB store (a sweep's --store FILE.duckdb)")
    if not store.is_file():
        raise ScenarioError(str(store), "no such store")
    if not sql.strip():
        raise ScenarioError("SQL", "empty: give a statement, e.g. SELECT count(*) FROM results")
    directory = shard_dir(store)
    try:
        if directory.is_dir():
            refresh(store)
    except ScenarioError:
        pass  # opened by a writer: query the view as it stands
    with connect(store, read_only=True) as con:
        try:
            cursor = con.execute(sql)
        except duckdb.Error as exc:
            raise ScenarioError("SQL", " ".join(str(exc).split())[:300]) from None
        if cursor is None:  # DuckDB returns no cursor for text without a statement (only comments, ";")
            raise ScenarioError("SQL", "no statement to run, e.g. SELECT count(*) FROM results")
        names = [d[0] for d in cursor.description] if cursor.description else []
        return names, cursor.fetchall()
