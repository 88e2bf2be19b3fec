"""Ground-link queues (ops/links.py) against closed forms, and through the public path.

1. One station always in contact, Poisson arrivals of equal transfers: the link is an M/D/1 queue,
   whose mean wait is the Pollaczek-Khinchine value W = rho S / (2 (1 - rho)) (Kleinrock, Queueing
   Systems Vol. 1, 1975, eq. 5.73 with a deterministic service time S).
2. A station out of contact: a transfer that becomes ready during the gap waits exactly until the
   station is back, then its bits / rate.
3. Through ``load_scenario`` + ``run``: a thin radio link adds its serialisation time to every request
   and the queue behind it; a TBIRD-class optical link adds microseconds.
"""

import numpy as np
import pytest

from orbitaldc import yaml_safe
from orbitaldc.ops.links import link_queues
from orbitaldc.ops.network import SkyWindows
from orbitaldc.run import run
from orbitaldc.scenario import parse_scenario
from tests.test_operations import EXAMPLE


def sky(grid_s, station_up):
    """A sky of one or more stations whose links are up where ``station_up`` (time, station) is True."""
    up = np.asarray(station_up, dtype=bool)
    ranges = np.where(up, 1000.0, np.inf)
    any_up = up.any(axis=1)
    return SkyWindows(np.asarray(grid_s, float), any_up.astype(float), np.ones(up.shape[0]),
                      np.where(any_up, 1000.0, np.nan), np.where(any_up, up.argmax(axis=1), -1), ranges,
                      "direct", 1, 0.0)


def test_an_always_open_link_is_an_md1_queue():
    rate, bits, rho, n = 1.0e6, 1.0e4, 0.7, 400_000
    service = bits / rate
    rng = np.random.default_rng(11)
    ready = np.cumsum(rng.exponential(service / rho, n))
    s = sky([0.0, ready[-1] + 10.0], [[True], [True]])
    q = link_queues(ready, np.full(n, bits), np.zeros(n, dtype=int), s, rate)
    expected = rho * service / (2.0 * (1.0 - rho))
    assert not q.dropped.any()
    assert np.mean(q.wait_s[n // 10:]) == pytest.approx(expected, rel=0.02)
    assert np.allclose(q.done_s - ready - q.wait_s, service)


def test_a_transfer_ready_in_a_gap_waits_for_the_station():
    # station 0 up, down from 100 s to 400 s, up again; station 1 always up
    s = sky([0.0, 100.0, 400.0, 1000.0], [[True, True], [False, True], [True, True], [True, True]])
    ready = np.array([150.0, 150.0, 500.0])
    q = link_queues(ready, np.array([8.0e6, 8.0e6, 8.0e6]), np.array([0, 1, 0]), s, 1.0e6)
    assert q.wait_s[0] == pytest.approx(250.0)  # until 400 s
    assert q.done_s[0] == pytest.approx(408.0)  # + 8 Mbit at 1 Mbit/s
    assert q.wait_s[1] == 0.0 and q.done_s[1] == pytest.approx(158.0)  # the other station's own queue
    assert q.done_s[2] == pytest.approx(508.0)
    never = link_queues(np.array([1.0]), np.array([1.0]), np.array([-1]), s, 1.0e6)
    assert never.dropped[0] and np.isnan(never.done_s[0])


def _ops(**inference):
    doc = yaml_safe.load(EXAMPLE.read_text())
    clear = {} if inference.get("link") == "rf" else {"clear_sky_probability": 1.0}
    doc["workload"]["inference"].update({"synthetic": {"requests_per_s": 5, "hours": 0.25, "seed": 4}, **clear,
                                         **inference})
    return run(parse_scenario(doc), timeline=False).document()["operations"]["orbital"]


def test_a_thin_link_queues_and_an_optical_one_does_not():
    optical = _ops()
    assert optical["uplink_wait_ms"]["p99"] < 1.0 and optical["downlink_wait_ms"]["p99"] < 1.0
    assert optical["link_busy_fraction"] < 1e-3
    # 2 Mbit/s: a ~1,000-token request (32 kbit up) takes ~16 ms to send; 5 requests/s through the
    # stations in view load each link by a few %, so waits stay short but not zero
    thin = _ops(link="rf", downlink_bits_per_s=2.0e6)
    slower = thin["e2e_ms"]["p50"] - optical["e2e_ms"]["p50"]
    assert slower > 8.0  # at least the serialisation of the median request and its response
    assert thin["link_busy_fraction"] > 100 * optical["link_busy_fraction"]
    assert thin["requests_served"] + thin["requests_dropped"] == optical["requests_served"] + \
        optical["requests_dropped"]
