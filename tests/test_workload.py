"""Inference traces (orbitaldc.ops.workload): reading, writing, refusing bad files, generating."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from orbitaldc.errors import ScenarioError
from orbitaldc.ops import workload as w

SAMPLE = Path(__file__).parent / "data" / "azure_sample.csv"
HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens\n"
GOOD = "2023-11-16 18:15:46.6805900,374,44\n"


def test_reads_the_azure_2023_layout():
    # tests/data/azure_sample.csv: 20 rows constructed in the exact layout of
    # AzureLLMInferenceTrace_conv.csv (CRLF, 7 decimals, no zone), not copied from it
    trace = w.read_trace(SAMPLE)
    assert trace.requests == 20
    assert trace.start == np.datetime64("2023-11-16T18:15:46.120430000")
    assert trace.arrival_s[0] == 0.0 and trace.arrival_s[5] == trace.arrival_s[4]  # ties are allowed
    assert trace.duration_s == pytest.approx(57.00900 - 46.12043)
    assert trace.mean_rate_per_s == pytest.approx(19 / trace.duration_s)
    assert trace.context_tokens[:3].tolist() == [412, 1031, 188] and trace.generated_tokens[-1] == 85
    assert trace.regions == ("unknown",) and not trace.region.any()
    assert trace.source == str(SAMPLE)


def test_reads_the_azure_2024_layout_and_zones(tmp_path):
    # AzureLLMInferenceDataset2024 rows: microseconds and +00:00, the fraction omitted on whole seconds
    f = tmp_path / "week.csv"
    f.write_text(HEADER + "2024-05-12 00:00:00+00:00,1452,3\n2024-05-12 00:00:00.041683+00:00,584,3\n"
                 "2024-05-12T02:00:01.5+02:00,862,38\n2024-05-12 00:00:02Z,10,1\n")
    trace = w.read_trace(f)
    assert trace.start == np.datetime64("2024-05-12T00:00:00")
    assert trace.arrival_s.tolist() == [0.0, 0.041683, 1.5, 2.0]


def test_write_read_round_trip_is_exact(tmp_path):
    trace = w.synthetic_trace(3.0, 1800, kind="code", seed=4, start="2030-03-01T12:34:56.123456789")
    f = tmp_path / "trace.csv"
    w.write_trace(trace, f)
    assert f.read_bytes().startswith(b"TIMESTAMP,ContextTokens,GeneratedTokens,Region\r\n2030-03-01 12:3")
    back = w.read_trace(f)
    assert back.start == trace.start
    assert np.array_equal(back.arrival_s, trace.arrival_s)  # bit for bit
    assert np.array_equal(back.context_tokens, trace.context_tokens)
    assert np.array_equal(back.generated_tokens, trace.generated_tokens)
    assert np.array_equal(back.region_names(), trace.region_names())


def test_rewriting_an_azure_file_gives_the_same_bytes(tmp_path):
    w.write_trace(w.read_trace(SAMPLE), tmp_path / "again.csv")
    assert (tmp_path / "again.csv").read_bytes() == SAMPLE.read_bytes()


BAD = {
    "missing column": ("TIMESTAMP,ContextTokens\n2023-11-16 18:15:46.6805900,374\n", 1, "GeneratedTokens"),
    "empty file": ("", 1, "empty file"),
    "no rows": (HEADER, 2, "no requests"),
    "bad timestamp": (HEADER + GOOD + "2023-11-16 25:15:46.6805900,374,44\n", 3, "unparseable TIMESTAMP"),
    "text timestamp": (HEADER + GOOD * 2 + "yesterday,374,44\n", 4, "unparseable TIMESTAMP"),
    "negative": (HEADER + GOOD + "2023-11-16 18:15:47.0000000,-3,44\n", 3, ">= 0"),
    "non-integer": (HEADER + GOOD + "2023-11-16 18:15:47.0000000,12.5,44\n", 3, "whole number"),
    "text tokens": (HEADER + GOOD + "2023-11-16 18:15:47.0000000,many,44\n", 3, "whole number"),
    "zero generated": (HEADER + GOOD + "2023-11-16 18:15:47.0000000,10,0\n", 3, "zero generated"),
    "NaN": (HEADER + GOOD + "2023-11-16 18:15:47.0000000,NaN,4\n", 3, "missing ContextTokens"),
    "empty cell": (HEADER + GOOD + "2023-11-16 18:15:47.0000000,5,\n", 3, "missing GeneratedTokens"),
    "back in time": (HEADER + GOOD * 3 + "2023-11-16 18:15:40.0000000,5,5\n", 5, "goes back"),
    "blank line": (HEADER + GOOD + "\n" + GOOD, 3, "missing TIMESTAMP"),
    "missing region": (HEADER.strip() + ",Region\n" + GOOD.strip() + ",eu\n" + GOOD.strip() + ",\n", 3, "Region"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_files_name_file_and_line(tmp_path, case):
    text, line, why = BAD[case]
    f = tmp_path / "trace.csv"
    f.write_text(text)
    with pytest.raises(ScenarioError) as err:
        w.read_trace(f)
    assert err.value.field == f"{f} line {line}"
    assert why in err.value.why and "\n" not in str(err.value)


def test_not_utf8_and_not_found(tmp_path):
    f = tmp_path / "latin1.csv"
    f.write_bytes((HEADER.strip() + ",Region\n" + GOOD.strip() + ",eu\n" + "2023-11-16 18:15:47.0000000,5,5,caf\xe9\n")
                  .encode("latin-1"))
    with pytest.raises(ScenarioError, match="not UTF-8") as err:
        w.read_trace(f)
    assert err.value.field == f"{f} line 3"
    with pytest.raises(ScenarioError, match="no such file") as err:
        w.read_trace(tmp_path / "absent.csv")
    assert err.value.field == str(tmp_path / "absent.csv")  # no line in a file that is not there


def test_extra_columns_are_ignored(tmp_path):
    f = tmp_path / "extra.csv"
    f.write_text("TIMESTAMP,Model,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,gpt,374,44\n")
    assert w.read_trace(f).context_tokens.tolist() == [374]


@pytest.fixture(scope="module")
def week():
    return w.synthetic_trace(4.0, 7 * 86400, kind="conversation", seed=11)


def test_generator_is_deterministic_per_seed():
    a, b = (w.synthetic_trace(2.0, 3600, kind="code", seed=5) for _ in range(2))
    c = w.synthetic_trace(2.0, 3600, kind="code", seed=6)
    assert a.start == b.start and np.array_equal(a.arrival_s, b.arrival_s)
    assert np.array_equal(a.context_tokens, b.context_tokens) and np.array_equal(a.region, b.region)
    assert not (a.requests == c.requests and np.array_equal(a.arrival_s, c.arrival_s))


def test_generator_mean_rate_and_region_shares(week):
    assert week.mean_rate_per_s == pytest.approx(4.0, rel=0.02)
    assert week.duration_s == pytest.approx(7 * 86400, rel=1e-3)
    shares = np.bincount(week.region) / week.requests
    assert shares == pytest.approx([0.5, 0.3, 0.2], abs=0.01)  # the weekly profile is the same everywhere
    assert np.all(np.diff(week.arrival_s) >= 0)


@pytest.mark.parametrize("kind", w.KINDS)
def test_generator_reproduces_its_token_table(kind):
    trace = w.synthetic_trace(40.0, 3 * 3600, kind=kind, seed=2)  # ~430k requests
    table = w._model()["token_quantiles"]
    for column in ("context_tokens", "generated_tokens"):
        knots = np.asarray(table[kind][column], float)
        for pct in (10, 25, 50, 75, 90):
            i = table["probabilities_pct"].index(pct)
            got = np.percentile(getattr(trace, column), pct)
            # sampling error plus the knot-to-knot spread (the table is log-linear between percentiles)
            assert knots[i - 1] * 0.97 <= got <= knots[i + 1] * 1.03, (column, pct, got, knots[i])


def test_single_region_at_home_zone_reproduces_the_weekly_peak_to_trough():
    profile = w._model()["weekly_profile"]["conversation"]
    table = np.asarray(profile["utc_hourly"]).ravel()
    assert table.max() / table.min() == pytest.approx(profile["peak_to_trough"], rel=0.01)
    home = [w.Region("azure", 37.4, -92.1, 1.0, -5)]  # the profile's reference zone: UTC as published
    trace = w.synthetic_trace(3.0, 7 * 86400, regions=home, kind="conversation", start=w.DEFAULT_START, seed=8)
    hours = ((trace.start - w.DEFAULT_START) / np.timedelta64(1, "s") + trace.arrival_s) // 3600
    counts = np.bincount(hours.astype(np.int64), minlength=168)[:168]
    assert counts.max() / counts.min() == pytest.approx(profile["peak_to_trough"], rel=0.12)
    assert np.corrcoef(counts, table)[0, 1] > 0.97


def test_expected_rate_follows_local_time():
    times = w.DEFAULT_START.astype(np.int64) + np.arange(0, 168 * 3600, 600) * 10**9
    regions = [w.Region("a", 0, 0, 1.0, -5), w.Region("b", 0, 0, 1.0, 3)]
    rate = w.expected_rate("code", regions, times)
    assert rate.mean(axis=0) == pytest.approx([1.0, 1.0], rel=0.01)  # weekly mean of the profile
    shift = 8 * 6  # b is 8 h ahead: it sees at t what a sees at t + 8 h
    assert rate[:-shift, 1] == pytest.approx(rate[shift:, 0])


@pytest.mark.parametrize("kwargs, field", [
    ({"kind": "chat"}, "kind"),
    ({"requests_per_s_mean": -1}, "requests_per_s_mean"),
    ({"duration_s": float("nan")}, "duration_s"),
    ({"start": "not a date"}, "start"),
    ({"regions": []}, "regions"),
    ({"regions": [w.Region("a,b", 0, 0, 1, 0)]}, "regions[0].name"),
    ({"regions": [w.Region("a", 0, 0, 0.0, 0)]}, "regions[0].share"),
    ({"regions": [w.Region("a", 0, 0, 1, 0), w.Region("b", 0, 0, 1, 20)]}, "regions[1].utc_offset_h"),
    ({"requests_per_s_mean": 1e6, "duration_s": 1e3}, "requests_per_s_mean"),
])
def test_generator_refuses_bad_arguments(kwargs, field):
    args = {"requests_per_s_mean": 1.0, "duration_s": 60.0, **kwargs}
    with pytest.raises(ScenarioError) as err:
        w.synthetic_trace(args.pop("requests_per_s_mean"), args.pop("duration_s"), **args)
    assert err.value.field == field


def test_every_data_block_has_provenance():
    model = w._model()
    for block in ("token_quantiles", "weekly_profile", "profile_reference_utc_offset_h", "burstiness",
                  "default_regions"):
        assert {"source", "year", "kind"} <= set(model[block]), block
    assert sum(r.share for r in w.default_regions()) == pytest.approx(1.0)
