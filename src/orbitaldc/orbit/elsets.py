"""Element sets of real satellites: TLE files (with or without name lines) and CCSDS OMM
(JSON as published by CelesTrak, XML, CSV), turned into ``sgp4`` records.

Malformed input raises ``ScenarioError`` naming the file and line; parsing itself is the
``sgp4`` library's (``Satrec.twoline2rv``, ``sgp4.omm``).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sgp4 import omm
from sgp4.api import WGS72, Satrec

from orbitaldc.errors import ScenarioError


@dataclass(frozen=True)
class ElementSet:
    """One satellite's elements: a name, its catalogue number and the sgp4 record."""

    name: str
    satnum: int
    satrec: Satrec

    @property
    def epoch(self) -> np.datetime64:
        # Whole and fractional Julian dates kept apart: their float sum would lose ~40 us.
        whole_ns = int(round((self.satrec.jdsatepoch - 2451545.0) * 86400e9))
        fraction_ns = int(round(self.satrec.jdsatepochF * 86400e9))
        return np.datetime64("2000-01-01T12:00:00", "ns") + np.timedelta64(whole_ns + fraction_ns, "ns")


def tle_checksum(line: str) -> int:
    """Modulo-10 checksum of the first 68 columns (digits count, '-' counts 1)."""
    return sum(int(c) if c.isdigit() else 1 if c == "-" else 0 for c in line[:68]) % 10


def _check_tle_line(line: str, number: str, where: str) -> None:
    if len(line) != 69:
        raise ScenarioError(where, f"TLE line {number} must have 69 characters, has {len(line)}")
    if not line[68].isdigit():
        raise ScenarioError(where, f"TLE line {number} has no checksum digit in column 69")
    if tle_checksum(line) != int(line[68]):
        raise ScenarioError(where, f"TLE checksum is {line[68]}, the line sums to {tle_checksum(line)}")


def parse_tle(text: str, source: str = "tle") -> list[ElementSet]:
    """Element sets from TLE text; name lines (0-prefixed or bare) are optional."""
    lines = [(i + 1, ln.rstrip()) for i, ln in enumerate(text.splitlines()) if ln.strip()]
    sets, name, k = [], None, 0
    while k < len(lines):
        number, line = lines[k]
        if line.startswith("1 ") and len(line) >= 60:
            if k + 1 >= len(lines) or not lines[k + 1][1].startswith("2 "):
                raise ScenarioError(f"{source} line {number}", "TLE line 1 is not followed by a line 2")
            number2, line2 = lines[k + 1]
            _check_tle_line(line, "1", f"{source} line {number}")
            _check_tle_line(line2, "2", f"{source} line {number2}")
            if line[2:7] != line2[2:7]:
                raise ScenarioError(f"{source} line {number2}", "catalogue numbers of lines 1 and 2 differ")
            try:
                sat = Satrec.twoline2rv(line, line2, WGS72)
            except (ValueError, IndexError) as exc:
                raise ScenarioError(f"{source} line {number}", f"unreadable TLE: {exc}") from None
            sets.append(ElementSet(name or line[2:7].strip(), sat.satnum, sat))
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


def parse_omm(text: str, fmt: str, source: str = "omm") -> list[ElementSet]:
    """Element sets from OMM text in ``json``, ``xml`` or ``csv``."""
    try:
        if fmt == "json":
            records = json.loads(text)
            records = [records] if isinstance(records, dict) else records
        elif fmt == "xml":
            records = list(omm.parse_xml(io.StringIO(text)))
        elif fmt == "csv":
            records = list(omm.parse_csv(io.StringIO(text)))
        else:
            raise ScenarioError(source, f"unknown OMM format {fmt!r}; use json, xml or csv")
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
        sat = Satrec()
        try:
            omm.initialize(sat, fields)
        except KeyError as exc:
            raise ScenarioError(where, f"OMM field {exc.args[0]} is missing") from None
        except ValueError as exc:
            raise ScenarioError(where, f"bad OMM value: {exc}") from None
        sets.append(ElementSet(fields.get("OBJECT_NAME", str(sat.satnum)), sat.satnum, sat))
    if not sets:
        raise ScenarioError(source, "no OMM records found")
    return sets


def read_elements(path: str | Path, kind: str = "tle") -> list[ElementSet]:
    """Read a TLE file (``kind='tle'``) or an OMM file (``kind='omm'``, format by extension)."""
    path = Path(path)
    if not path.is_file():
        raise ScenarioError(str(path), "no such file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(str(path), "not a UTF-8 text file") from None
    if kind == "tle":
        return parse_tle(text, str(path))
    fmt = path.suffix.lower().lstrip(".")
    return parse_omm(text, fmt, str(path))


def scenario_elements(orbit) -> list[ElementSet]:
    """The element sets named by an ``elements`` orbit of a scenario (its ``tle`` or ``omm`` file)."""
    return read_elements(orbit.tle, "tle") if orbit.tle else read_elements(orbit.omm, "omm")


def sgp4_error_text(code: int) -> str:
    """``sgp4``'s description of one of its error codes."""
    from sgp4.api import SGP4_ERRORS

    return SGP4_ERRORS.get(int(code), "unknown error")
