"""Reading and writing request traces in the public Azure LLM inference format (see workload.py).

Refusals name the file and line (``ScenarioError``); timestamps are parsed by a vectorized
fixed-width parser because pandas' generic datetime parsing of 10^7 rows takes minutes.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from orbitaldc.errors import ScenarioError
from orbitaldc.limits import check_trace_requests, check_trace_span
from orbitaldc.ops.trace import _NS_PER_S, COLUMNS, TICK_NS, Trace, _to_tick

# ---------------------------------------------------------------- reading

def read_trace(path) -> Trace:
    """Read an Azure-format LLM inference trace; refuse bad input with a ScenarioError naming the
    file and line. Times without a zone are UTC; the file must be sorted by time (the Azure traces are)."""
    where = str(path)
    p = Path(path)
    if not p.is_file():
        raise ScenarioError(where, "no such file" if not p.exists() else "not a regular file")
    try:
        header = pd.read_csv(p, nrows=0, encoding="utf-8", skipinitialspace=True).columns
    except pd.errors.EmptyDataError:
        raise ScenarioError(f"{where} line 1", f"empty file; expected the header {','.join(COLUMNS)}") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{where} line {_first_non_utf8_line(p)}", "not UTF-8 text") from None
    header = [str(c).strip() for c in header]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ScenarioError(f"{where} line 1", f"missing column(s) {', '.join(missing)}; "
                            f"expected the header {','.join(COLUMNS)}[,Region]")
    # counted before parsing, so a file too large to hold is refused before it is read
    check_trace_requests(_count_rows(p), where)
    wanted = [*COLUMNS, "Region"] if "Region" in header else list(COLUMNS)
    try:
        df = pd.read_csv(p, encoding="utf-8", skipinitialspace=True, skip_blank_lines=False,
                         usecols=lambda c: c.strip() in wanted, dtype={"TIMESTAMP": object, "Region": "category"})
    except UnicodeDecodeError:
        raise ScenarioError(f"{where} line {_first_non_utf8_line(p)}", "not UTF-8 text") from None
    except pd.errors.ParserError as err:  # e.g. "Expected 3 fields in line 17, saw 4"
        line = re.search(r"line (\d+)", str(err))
        raise ScenarioError(f"{where} line {line.group(1) if line else '?'}",
                            str(err).split(". ", 1)[-1].strip()) from None
    df.columns = [c.strip() for c in df.columns]
    blank = df.isna().all(axis=1).to_numpy()
    n = len(df) - int(np.argmin(blank[::-1])) if blank.any() and not blank.all() else len(df) * (not blank.all())
    df = df.iloc[:n]  # trailing empty lines are not requests
    if n == 0:
        raise ScenarioError(f"{where} line 2", "no requests after the header")
    ns = _timestamps(df["TIMESTAMP"].to_numpy(), where)
    back = np.flatnonzero(np.diff(ns) < 0)
    if back.size:
        i = int(back[0]) + 1
        raise ScenarioError(f"{where} line {i + 2}", f"time goes back ({df['TIMESTAMP'].iat[i]} is before "
                            f"line {i + 1}'s {df['TIMESTAMP'].iat[i - 1]}); the trace must be sorted by time")
    check_trace_span((ns[-1] - ns[0]) / (3600 * _NS_PER_S), f"{where} line {n + 1}",
                     f" ({df['TIMESTAMP'].iat[0]} to {df['TIMESTAMP'].iat[n - 1]})")
    context = _tokens(df["ContextTokens"], where, minimum=0)
    generated = _tokens(df["GeneratedTokens"], where, minimum=1)
    if "Region" in df:
        codes = df["Region"].cat.codes.to_numpy()
        if (codes < 0).any():
            raise ScenarioError(f"{where} line {int(np.argmax(codes < 0)) + 2}", "missing Region")
        regions = tuple(str(name) for name in df["Region"].cat.categories)  # sorted by name
        if len(regions) > np.iinfo(np.int16).max:
            raise ScenarioError(f"{where} line 1", f"{len(regions)} distinct regions; at most 32767")
        region = codes.astype(np.int16)
    else:
        region, regions = np.zeros(n, np.int16), ("unknown",)
    return Trace((ns - ns[0]) / _NS_PER_S, context, generated, np.datetime64(int(ns[0]), "ns"),
                 region, regions, where)


def _count_rows(p: Path, chunk_bytes: int = 1 << 24) -> int:
    """Lines after the header (blank ones included: an upper bound on the requests), by counting line
    breaks in 16 MiB blocks (a loop over blocks, not rows: ~1 s per GB)."""
    breaks, last = 0, b"\n"
    with p.open("rb") as f:
        while block := f.read(chunk_bytes):
            breaks += block.count(b"\n")
            last = block[-1:]
    return breaks - (last == b"\n")  # the header's line, or an unterminated last line


def _first_non_utf8_line(p: Path) -> int:
    with p.open("rb") as f:  # error path only: line by line is fine here
        for number, raw in enumerate(f, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1


def _tokens(column: pd.Series, where: str, minimum: int) -> np.ndarray:
    name = column.name
    top = np.iinfo(np.int64).max
    if pd.api.types.is_signed_integer_dtype(column.dtype):
        values = column.to_numpy(np.int64)
    else:  # floats (NaN or decimals), text or uint64: find the first bad line, cheaply, with vector tests
        number = pd.to_numeric(column, errors="coerce").to_numpy(np.float64)
        bad = ~np.isfinite(number) | (number != np.round(number)) | (number >= 2.0**63)
        if bad.any():
            i = int(np.argmax(bad))
            raw = column.iat[i]
            why = f"missing {name} (empty or NaN)" if pd.isna(raw) or str(raw).strip().lower() == "nan" \
                else f"{name} {raw} is too large for a token count (at most {top:,})" if number[i] >= 2.0**63 \
                else f"{name} must be a whole number of tokens, got {raw!r}"
            raise ScenarioError(f"{where} line {i + 2}", why)
        values = column.to_numpy(np.int64) if pd.api.types.is_integer_dtype(column.dtype) else number.astype(np.int64)
    low = values < minimum
    if low.any():
        i = int(np.argmax(low))
        why = "zero generated tokens: every request generates at least one" if minimum == 1 and values[i] == 0 \
            else f"{name} must be >= {minimum}, got {values[i]}"
        raise ScenarioError(f"{where} line {i + 2}", why)
    return values


def _timestamps(values: np.ndarray, where: str) -> np.ndarray:
    """ISO-8601 strings -> int64 ns since the epoch, UTC. A vectorized fixed-width parser handles
    the Azure layouts; anything it does not recognise goes through pandas (``format="ISO8601"``)."""
    missing = pd.isna(values)
    if missing.any():
        raise ScenarioError(f"{where} line {int(np.argmax(missing)) + 2}", "missing TIMESTAMP")
    ns = np.zeros(values.size, np.int64)
    try:
        raw = values.astype("S")
    except UnicodeEncodeError:  # non-ASCII text: no fast path
        raw = None
    ok = np.zeros(values.size, bool) if raw is None else _parse_fixed(raw, ns)
    rest = np.flatnonzero(~ok)
    if rest.size:
        parsed = pd.to_datetime(pd.Series(values[rest]), format="ISO8601", utc=True, errors="coerce")
        bad = parsed.isna().to_numpy()
        if bad.any():
            i = int(rest[np.argmax(bad)])
            raise ScenarioError(f"{where} line {i + 2}", f"unparseable TIMESTAMP {values[i]!r}; "
                                "expected e.g. 2023-11-16 18:15:46.6805900")
        ns[rest] = parsed.dt.as_unit("ns").to_numpy().view(np.int64)
    return ns


def _parse_fixed(raw: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Parse ``YYYY-MM-DD[ T]HH:MM:SS[.f{1,9}][Z|±HH:MM]`` rows in place; return which rows parsed.
    Rows are grouped by length, each group by the layout of its first row; rows that differ from it
    are left to the caller. Works column by column on the bytes (one pass each, no per-row Python)."""
    ok = np.zeros(raw.size, bool)
    lengths = np.char.str_len(raw)
    chars = raw.view(np.uint8).reshape(raw.size, raw.dtype.itemsize)
    for length in np.unique(lengths):
        rows = slice(None) if lengths[0] == lengths[-1] == length else np.flatnonzero(lengths == length)
        c = chars[rows]
        first = bytes(c[0, :length])
        zone = 6 if re.search(rb"[+-]\d\d:\d\d$", first) else 1 if first.endswith(b"Z") else 0
        frac = length - 19 - zone - 1  # digits after the point, or -1 without one
        if length < 19 or frac == 0 or frac > 9:
            continue
        good = np.ones(c.shape[0], bool)

        def num(a, b, c=c, good=good):
            value = np.zeros(c.shape[0], np.int64)
            for j in range(a, b):
                digit = c[:, j].astype(np.int64) - 48
                good &= (digit >= 0) & (digit <= 9)
                value = value * 10 + digit
            return value

        def is_(j, *allowed, c=c):
            return np.isin(c[:, j], allowed) if len(allowed) > 1 else c[:, j] == allowed[0]

        good &= is_(4, 45) & is_(7, 45) & is_(10, 32, 84) & is_(13, 58) & is_(16, 58)  # - - space/T : :
        year, month, day = num(0, 4), num(5, 7), num(8, 10)
        hour, minute, second = num(11, 13), num(14, 16), num(17, 19)
        good &= (month >= 1) & (month <= 12) & (hour < 24) & (minute < 60) & (second < 60)
        month0 = ((year - 1970) * 12 + np.clip(month, 1, 12) - 1).astype("datetime64[M]")
        first_day = month0.astype("datetime64[D]").astype(np.int64)
        good &= (day >= 1) & (day <= (month0 + 1).astype("datetime64[D]").astype(np.int64) - first_day)
        seconds = ((first_day + day - 1) * 24 + hour) * 3600 + minute * 60 + second
        if frac > 0:
            good &= is_(19, 46)
            seconds = seconds * _NS_PER_S + num(20, 20 + frac) * 10 ** (9 - frac)
        else:
            seconds = seconds * _NS_PER_S
        if zone == 1:
            good &= is_(length - 1, 90)
        elif zone == 6:
            offset_h, offset_min = num(length - 5, length - 3), num(length - 2, length)
            good &= is_(length - 6, 43, 45) & is_(length - 3, 58) & (offset_h < 24) & (offset_min < 60)
            sign = np.where(c[:, length - 6] == 45, -1, 1)
            seconds -= sign * (offset_h * 3600 + offset_min * 60) * _NS_PER_S
        index = np.arange(raw.size)[rows][good]
        out[index] = seconds[good]
        ok[index] = True
    return ok


# ---------------------------------------------------------------- writing

def write_trace(trace: Trace, path, chunk_rows: int = 1_000_000) -> None:
    """Write the Azure 2023 layout (times to 100 ns, 7 decimals, UTC without a zone) plus a ``Region``
    column unless the regions are ``("unknown",)``. `read_trace` gives back the same arrival times
    (bit for bit: both are integer ticks divided exactly once), tokens, start and region names."""
    start_ns = _to_tick(int(np.datetime64(trace.start, "ns").astype(np.int64)))
    with_region = tuple(trace.regions) != ("unknown",)
    names = [_csv_field(r) for r in trace.regions]
    name_bytes = np.zeros((len(names), max(map(len, names)) + 1), np.uint8)
    name_len = np.array([len(b) + 1 for b in names])
    for i, b in enumerate(names):
        name_bytes[i, 0] = ord(",")
        name_bytes[i, 1:1 + len(b)] = np.frombuffer(b, np.uint8)
    header = ",".join(COLUMNS) + (",Region" if with_region else "") + "\r\n"  # CRLF, as Azure's files
    with open(path, "wb") as f:
        f.write(header.encode())
        for lo in range(0, trace.requests, chunk_rows):  # chunks bound the memory, not a per-request loop
            sl = slice(lo, lo + chunk_rows)
            ticks = np.rint(trace.arrival_s[sl] * (_NS_PER_S / TICK_NS)).astype(np.int64)
            parts = [_stamp_bytes(start_ns + ticks * TICK_NS),
                     _int_bytes(trace.context_tokens[sl], ","), _int_bytes(trace.generated_tokens[sl], ",")]
            if with_region:
                code = trace.region[sl]
                parts.append((name_bytes[code], np.arange(name_bytes.shape[1]) < name_len[code][:, None]))
            parts.append((np.full((ticks.size, 2), (13, 10), np.uint8), np.ones((ticks.size, 2), bool)))
            body = np.hstack([b for b, _ in parts])
            f.write(body[np.hstack([m for _, m in parts])].tobytes())  # row-major: lines stay in order


def _csv_field(name: str) -> bytes:
    text = str(name)
    if any(ch in text for ch in ',"\n\r') or text != text.strip():
        text = '"' + text.replace('"', '""') + '"'
    return text.encode("utf-8")


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """Zero-padded ASCII digits, one column per digit (a loop over digits, not over rows)."""
    out = np.empty((values.size, width), np.uint8)
    rest = np.array(values, np.int64)
    for column in range(width - 1, -1, -1):
        rest, digit = np.divmod(rest, 10)
        out[:, column] = digit + 48
    return out


def _int_bytes(values: np.ndarray, prefix: str) -> tuple[np.ndarray, np.ndarray]:
    """``,123`` for each value (non-negative int64): the bytes right-aligned in 20 columns, and a mask."""
    values = np.asarray(values, np.int64)
    powers = 10 ** np.arange(1, 19, dtype=np.int64)
    width = np.searchsorted(powers, values, side="right") + 1
    most = int(width.max(initial=1))
    body = np.hstack([np.zeros((values.size, 1), np.uint8), _digits(values, most)])
    comma = most - width  # the digits fill the last `width` columns
    body[np.arange(values.size), comma] = ord(prefix)
    return body, np.arange(most + 1) >= comma[:, None]


def _stamp_bytes(ns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``YYYY-MM-DD HH:MM:SS.fffffff`` for each int64 ns (numpy's datetime_as_string is ~10x slower)."""
    t = ns.astype("datetime64[ns]")
    day = t.astype("datetime64[D]")
    month = t.astype("datetime64[M]")
    year = t.astype("datetime64[Y]").astype(np.int64) + 1970
    of_day = ns - day.astype(np.int64) * 86_400 * _NS_PER_S
    day_of_month = (day - month.astype("datetime64[D]")).astype(np.int64) + 1
    fields = [(year, 4), (month.astype(np.int64) % 12 + 1, 2), (day_of_month, 2),
              (of_day // (3600 * _NS_PER_S), 2), (of_day // (60 * _NS_PER_S) % 60, 2), (of_day // _NS_PER_S % 60, 2),
              (of_day % _NS_PER_S // TICK_NS, 7)]
    out = np.empty((ns.size, 27), np.uint8)
    col = 0
    for (value, width), sep in zip(fields, b"-- ::.\0", strict=True):
        out[:, col:col + width] = _digits(value, width)
        if col + width < 27:
            out[:, col + width] = sep
        col += width + 1
    return out, np.ones(out.shape, bool)


# ---------------------------------------------------------------- generating
