"""Element sets of real satellites: TLE files (with or without name lines) and CCSDS OMM
(JSON as published by CelesTrak, XML, CSV), turned into ``sgp4`` records.

Malformed input raises ``ScenarioError`` naming the file and line (and, for TLEs, the column);
parsing itself is the ``sgp4`` library's (``Satrec.twoline2rv``, ``sgp4.omm``), which accepts
much that is not a TLE (a shifted field, a non-ASCII character, day 400 of a year), so every
line is first checked against the fixed columns of the format and the elements against their
physical ranges.

Element sets also have an age: ``element_age`` measures how far a time window reaches from
each set's epoch, warns beyond ``ACCURACY_HORIZON_DAYS`` and refuses beyond ``AGE_LIMIT_DAYS``.
"""

from __future__ import annotations

import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sgp4 import omm
from sgp4.api import WGS72, Satrec
from sgp4.earth_gravity import wgs72

from orbitaldc.errors import ScenarioError

# A set is good to about a kilometre at its epoch and degrades quickly (Vallado, Crawford, Hujsak
# & Kelso, "Revisiting Spacetrack Report #3", AIAA 2006-6753: "accurate to about a kilometer or so
# at epoch and it quickly degrades"; Kelso, AAS 07-127, 2007: ~1 km within a few days of epoch);
# Skyfield's documentation puts its useful life at "a couple of weeks to either side of its epoch"
# (rhodesmill.org/skyfield/earth-satellites.html). Beyond this a window gets a warning.
ACCURACY_HORIZON_DAYS = 14.0
# Beyond two years a set is refused: sgp4 extrapolates the drag fitted at epoch, so the orbit's
# size itself stops meaning anything. Measured here: the ISS set of 2024-05-06 (tests/data) goes
# from 413 km to 369 km in one year and 287 km in two (the station was reboosted and stayed near
# 415 km), while the thermosphere the fit assumed changes by a factor of several over a fifth of
# the ~11-year solar cycle (Emmert 2015, Adv. Space Res. 56, 773, fig. 9; Hathaway 2015, Living
# Rev. Sol. Phys. 12, 4). A year-old set still gives a usable beta-angle season, so it only warns.
AGE_LIMIT_DAYS = 730.5
# The mean motion of a circular orbit at the Earth's equatorial radius with SGP4's WGS-72
# constants (Hoots & Roehrich, Spacetrack Report #3, 1980): a larger one puts the whole orbit
# underground.
MAX_MEAN_MOTION_REV_DAY = math.sqrt(wgs72.mu / wgs72.radiusearthkm**3) * 86400.0 / (2.0 * math.pi)


@dataclass(frozen=True)
class ElementSet:
    """One satellite's elements: a name, its catalogue number and the sgp4 record."""

    name: str
    satnum: int
    satrec: Satrec
    where: str = ""  # file and line or record, for messages

    @property
    def epoch(self) -> np.datetime64:
        # Whole and fractional Julian dates kept apart: their float sum would lose ~40 us.
        whole_ns = int(round((self.satrec.jdsatepoch - 2451545.0) * 86400e9))
        fraction_ns = int(round(self.satrec.jdsatepochF * 86400e9))
        return np.datetime64("2000-01-01T12:00:00", "ns") + np.timedelta64(whole_ns + fraction_ns, "ns")


def tle_checksum(line: str) -> int:
    """Modulo-10 checksum of the first 68 columns (digits count, '-' counts 1)."""
    return sum(int(c) if c.isdigit() else 1 if c == "-" else 0 for c in line[:68]) % 10


# The fixed columns of the two data lines (1-based, inclusive): CelesTrak, "Frequently Asked
# Questions: Two-Line Element Set Format" (Kelso, celestrak.org/columns/v04n03) and Spacetrack
# Report #3. ``None`` marks a column that must be blank. A catalogue number may be Alpha-5 (a
# letter other than I or O, then four digits; Space Force, 2020).
_ANGLE = r" *\d+\.\d{4}"  # fields are fixed-width: blanks may only lead
_EXPONENT = r"[ +-]\d{5}[+-]\d"  # assumed leading decimal point, power of ten
_SATNUM = r" *\d+|[A-HJ-NP-Z]\d{4}"
_COLUMNS = {
    "1": [(1, 1, "line number", "1"), (2, 2, None, " "), (3, 7, "catalogue number", _SATNUM),
          (8, 8, "classification", "[UCS ]"), (9, 9, None, " "), (10, 17, "international designator", "[A-Z0-9 ]{8}"),
          (18, 18, None, " "), (19, 20, "epoch year", r"\d\d"), (21, 32, "epoch day", r" *\d+\.\d{8}"),
          (33, 33, None, " "), (34, 43, "mean motion derivative", r"[ +-]\.\d{8}"), (44, 44, None, " "),
          (45, 52, "mean motion second derivative", _EXPONENT), (53, 53, None, " "),
          (54, 61, "drag term B*", _EXPONENT), (62, 62, None, " "), (63, 63, "ephemeris type", r"[\d ]"),
          (64, 64, None, " "), (65, 68, "element set number", r" *\d+"), (69, 69, "checksum", r"\d")],
    "2": [(1, 1, "line number", "2"), (2, 2, None, " "), (3, 7, "catalogue number", _SATNUM), (8, 8, None, " "),
          (9, 16, "inclination", _ANGLE), (17, 17, None, " "), (18, 25, "right ascension of the node", _ANGLE),
          (26, 26, None, " "), (27, 33, "eccentricity", r"\d{7}"), (34, 34, None, " "),
          (35, 42, "argument of perigee", _ANGLE), (43, 43, None, " "), (44, 51, "mean anomaly", _ANGLE),
          (52, 52, None, " "), (53, 63, "mean motion", r" *\d+\.\d{8}"),
          (64, 68, "revolution number", r" *\d+"), (69, 69, "checksum", r"\d")],
}


def _check_tle_line(line: str, number: str, where: str) -> None:
    """Characters, length, every fixed column and the checksum of data line ``number``."""
    for col, char in enumerate(line, 1):
        # Printable ASCII only: sgp4's C parser read a non-ASCII character into wrong elements, no error.
        if not " " <= char <= "~":
            raise ScenarioError(where, f"column {col}: character {char!r} (U+{ord(char):04X}) is not printable "
                                "ASCII, which TLE lines are")
    if len(line) != 69:
        raise ScenarioError(where, f"TLE line {number} must have 69 characters, has {len(line)} "
                            "(a field shifted by a column?)")
    for first, last, what, pattern in _COLUMNS[number]:
        text = line[first - 1:last]
        if re.fullmatch(pattern, text):
            continue
        if what is None:
            raise ScenarioError(where, f"column {first}: {text!r} where the format has a blank (a field shifted "
                                "by a column?)")
        cols = f"column {first}" if first == last else f"columns {first}-{last}"
        raise ScenarioError(where, f"{cols}: {what} {text!r} does not fit the TLE format")
    if tle_checksum(line) != int(line[68]):
        raise ScenarioError(where, f"column 69: TLE checksum is {line[68]}, the line sums to {tle_checksum(line)} "
                            "(a mistyped or corrupted character)")


def _check_tle_values(line1: str, line2: str, where1: str, where2: str) -> None:
    """Epoch day and angles within their ranges, mean motion of a real orbit."""
    year = int(line1[18:20])
    year += 1900 if year >= 57 else 2000  # two-digit years 57-99 are 1957-1999 (CelesTrak FAQ)
    day = float(line1[20:32])
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if not 1.0 <= day < (367.0 if leap else 366.0):
        raise ScenarioError(where1, f"column 21: epoch day {day:g} outside 1 to {'366' if leap else '365'}.99... "
                            f"of {year}")
    checks = [(9, "inclination", 180.0), (18, "right ascension of the node", 360.0),
              (35, "argument of perigee", 360.0), (44, "mean anomaly", 360.0)]
    for col, what, top in checks:
        value = float(line2[col - 1:col + 7])
        if value > top:
            raise ScenarioError(where2, f"column {col}: {what} {value:g} deg outside 0-{top:g}")
    motion = float(line2[52:63])
    if not 0.0 < motion <= MAX_MEAN_MOTION_REV_DAY:
        raise ScenarioError(where2, f"column 53: mean motion {motion:g} rev/day outside (0, "
                            f"{MAX_MEAN_MOTION_REV_DAY:.2f}] (faster, the whole orbit would be underground)")


def _is_data_line(line: str) -> bool:
    # Names are at most 24 characters (CelesTrak), data lines 69: a long line is data, however broken.
    return len(line) >= 60 or (line[:2] in ("1 ", "2 ") and len(line) > 24)


def parse_tle(text: str, source: str = "tle") -> list[ElementSet]:
    """Element sets from TLE text; name lines (0-prefixed or bare) are optional."""
    lines = [(i + 1, ln.rstrip()) for i, ln in enumerate(text.splitlines()) if ln.strip()]
    sets, name, k = [], None, 0
    while k < len(lines):
        number, line = lines[k]
        if _is_data_line(line):
            where, where2 = f"{source} line {number}", None
            if line[0] != "1":
                raise ScenarioError(where, f"column 1: expected line number 1 of a TLE, found {line[0]!r}")
            if k + 1 >= len(lines) or not _is_data_line(lines[k + 1][1]):
                raise ScenarioError(where, "TLE line 1 is not followed by a line 2")
            number2, line2 = lines[k + 1]
            where2 = f"{source} line {number2}"
            _check_tle_line(line, "1", where)
            _check_tle_line(line2, "2", where2)
            if line[2:7] != line2[2:7]:
                raise ScenarioError(where2, "columns 3-7: catalogue numbers of lines 1 and 2 differ "
                                    f"({line[2:7].strip()} and {line2[2:7].strip()})")
            _check_tle_values(line, line2, where, where2)
            try:
                sat = Satrec.twoline2rv(line, line2, WGS72)
            except (ValueError, IndexError) as exc:
                raise ScenarioError(where, f"unreadable TLE: {' '.join(str(exc).split())}") from None
            sets.append(ElementSet(name or line[2:7].strip(), sat.satnum, sat, where))
            name, k = None, k + 2
        else:
            if name is not None:
                raise ScenarioError(f"{source} line {number}", "expected TLE line 1 after a name line")
            name = line[2:].strip() if line.startswith("0 ") else line.strip()
            k += 1
    if name is not None:
        raise ScenarioError(source, "name line without TLE lines after it")
    if not sets:
        raise ScenarioError(source, "no TLEs found")
    return sets


# OMM mean elements and their physical ranges (CCSDS 502.0-B-3, Orbit Data Messages, 2023: the
# same SGP4 elements as a TLE, in degrees and revolutions per day).
_OMM_RANGES = [("INCLINATION", 0.0, 180.0, "deg"), ("RA_OF_ASC_NODE", 0.0, 360.0, "deg"),
               ("ARG_OF_PERICENTER", 0.0, 360.0, "deg"), ("MEAN_ANOMALY", 0.0, 360.0, "deg"),
               ("ECCENTRICITY", 0.0, 1.0, ""), ("MEAN_MOTION", 0.0, MAX_MEAN_MOTION_REV_DAY, "rev/day")]


def _check_omm(fields: dict, where: str) -> None:
    """Every number of one OMM record readable and finite, the elements within their ranges."""
    if not fields.get("EPOCH", "").isascii():
        raise ScenarioError(where, f"OMM field EPOCH {fields['EPOCH']!r} has non-ASCII characters")
    values = {}
    for key in [r[0] for r in _OMM_RANGES] + ["BSTAR", "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT"]:
        if key not in fields:
            raise ScenarioError(where, f"OMM field {key} is missing")
        text = fields[key].strip()
        try:  # float() would read other scripts' digits and "nan"; an element set has neither
            values[key] = float(text) if text.isascii() else math.nan
        except ValueError:
            values[key] = math.nan
        if not math.isfinite(values[key]):
            raise ScenarioError(where, f"OMM field {key} is {fields[key]!r}, not a finite number")
    for key, low, high, unit in _OMM_RANGES:
        value = values[key]
        # Eccentricity 1 is no longer an ellipse; mean motion 0 no orbit: both open at that end.
        inside = (low < value <= high) if key == "MEAN_MOTION" else (
            low <= value < high if key == "ECCENTRICITY" else low <= value <= high)
        if not inside:
            raise ScenarioError(where, f"OMM field {key} {value:g}{' ' + unit if unit else ''} outside "
                                f"{low:g}-{high:.4g}")


def parse_omm(text: str, fmt: str, source: str = "omm") -> list[ElementSet]:
    """Element sets from OMM text in ``json``, ``xml`` or ``csv``."""
    if fmt not in ("json", "xml", "csv"):  # before the try: a ScenarioError is a ValueError too
        raise ScenarioError(source, f"unknown OMM format {fmt!r}; use json, xml or csv")
    try:
        if fmt == "json":
            records = json.loads(text)
            records = [records] if isinstance(records, dict) else records
        elif fmt == "xml":
            records = list(omm.parse_xml(io.StringIO(text)))
        else:
            records = list(omm.parse_csv(io.StringIO(text)))
    except (ValueError, SyntaxError) as exc:  # json.JSONDecodeError and xml ParseError
        raise ScenarioError(source, f"unreadable OMM {fmt}: {' '.join(str(exc).split())}") from None
    sets = []
    for k, fields in enumerate(records):
        where = f"{source} record {k + 1}"
        if not isinstance(fields, dict):
            raise ScenarioError(where, "OMM record is not a mapping")
        fields = {key: str(value) for key, value in fields.items()}
        fields.setdefault("CLASSIFICATION_TYPE", "U")
        fields.setdefault("EPHEMERIS_TYPE", "0")
        fields.setdefault("ELEMENT_SET_NO", "999")
        fields.setdefault("REV_AT_EPOCH", "0")
        _check_omm(fields, where)
        sat = Satrec()
        try:
            omm.initialize(sat, fields)
        except KeyError as exc:
            raise ScenarioError(where, f"OMM field {exc.args[0]} is missing") from None
        except ValueError as exc:
            raise ScenarioError(where, f"bad OMM value: {exc}") from None
        sets.append(ElementSet(fields.get("OBJECT_NAME", str(sat.satnum)), sat.satnum, sat, where))
    if not sets:
        raise ScenarioError(source, "no OMM records found")
    return sets


def read_elements(path: str | Path, kind: str = "tle") -> list[ElementSet]:
    """Read a TLE file (``kind='tle'``) or an OMM file (``kind='omm'``, format by extension)."""
    path = Path(path)
    if path.is_dir():
        raise ScenarioError(str(path), "is a directory, not an element-set file")
    if not path.is_file():
        raise ScenarioError(str(path), "no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")  # -sig: a leading byte-order mark is not part of the name
    except UnicodeDecodeError:
        raise ScenarioError(str(path), "not a UTF-8 text file") from None
    if kind == "tle":
        return parse_tle(text, str(path))
    fmt = path.suffix.lower().lstrip(".")
    return parse_omm(text, fmt, str(path))


def scenario_elements(orbit) -> list[ElementSet]:
    """The element sets named by an ``elements`` orbit of a scenario (its ``tle`` or ``omm`` file)."""
    return read_elements(orbit.tle, "tle") if orbit.tle else read_elements(orbit.omm, "omm")


# A scenario propagates its element sets from its epoch over min(horizon, element_set_days), by
# default this: beyond weeks they describe the satellites ever less well (ACCURACY_HORIZON_DAYS:
# along-track errors of kilometres per day; a month of them moves every event time by minutes),
# while the plane and altitude that set eclipse durations and contact minutes still hold; the
# rest of a longer horizon continues as a designed constellation (orbit.elset_designed).
ELEMENT_SET_WINDOW_DAYS = 30.0


def scenario_window(scenario) -> tuple[np.datetime64, np.datetime64]:
    """The window over which a scenario uses its element sets (the timeline's, ``timeline.py``)."""
    t0 = np.datetime64(scenario.epoch, "ns")
    days = min(scenario.horizon_years * 365.25,
               getattr(scenario.constellation.orbit, "element_set_days", ELEMENT_SET_WINDOW_DAYS))
    return t0, t0 + np.timedelta64(int(days * 86400.0), "s")


@dataclass(frozen=True)
class ElementAge:
    """How far a window reaches from each element set's epoch (days, before or after it)."""

    days: np.ndarray  # per set: the larger distance of the window's two ends from the epoch
    problems: tuple[str, ...]  # a warning when any set is used beyond the accuracy horizon

    def document(self) -> dict:
        return {"min": float(self.days.min()), "max": float(self.days.max()),
                "accuracy_horizon_days": ACCURACY_HORIZON_DAYS, "limit_days": AGE_LIMIT_DAYS}


def _when(t: np.datetime64) -> str:
    return np.datetime_as_string(np.datetime64(t, "m")) + "Z"


def element_age(element_sets, start, end) -> ElementAge:
    """Age of the sets over the window [start, end]: a warning beyond ``ACCURACY_HORIZON_DAYS``,
    ``ScenarioError`` (naming the satellite, its file and line) beyond ``AGE_LIMIT_DAYS``."""
    start, end = np.datetime64(start, "ns"), np.datetime64(end, "ns")
    epochs = np.array([e.epoch for e in element_sets], dtype="datetime64[ns]")
    days = np.maximum(abs(start - epochs), abs(end - epochs)) / np.timedelta64(86400, "s")
    worst = int(np.argmax(days))
    if days[worst] > AGE_LIMIT_DAYS:
        e = element_sets[worst]
        raise ScenarioError(e.where or e.name, f"{e.name}: the window {_when(start)} to {_when(end)} reaches "
                            f"{days[worst]:,.0f} days ({days[worst] / 365.25:.1f} years) from its element set's "
                            f"epoch {_when(e.epoch)}; sets are refused beyond {AGE_LIMIT_DAYS:g} days, where sgp4 "
                            "no longer describes even the orbit's size: use a set from near the window")
    stale = np.flatnonzero(days > ACCURACY_HORIZON_DAYS)
    horizon = f"the {ACCURACY_HORIZON_DAYS:g}-day accuracy horizon of TLE/OMM sets"
    if stale.size == 0:
        return ElementAge(days, ())
    if stale.size == 1:
        e = element_sets[stale[0]]
        text = (f"{e.name}: the window reaches {days[stale[0]]:.1f} days from its element set's epoch "
                f"{_when(e.epoch)}, beyond {horizon}")
    else:
        order = stale[np.argsort(-days[stale])]
        named = ", ".join(f"{element_sets[k].name} {days[k]:.1f}" for k in order[:3])
        more = f" and {stale.size - 3} more" if stale.size > 3 else ""
        text = f"{stale.size} element sets are used beyond {horizon} ({named}{more} days from their epochs)"
    return ElementAge(days, (text + ": positions and event times are approximate",))


def sgp4_error_text(code: int) -> str:
    """``sgp4``'s description of one of its error codes."""
    from sgp4.api import SGP4_ERRORS

    return SGP4_ERRORS.get(int(code), "unknown error")
