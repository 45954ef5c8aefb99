"""Runs a whole pytest session as if today were another day: `UPW_TEST_TODAY=2027-03-28T00:30 PYTHONPATH=.
pytest -p tests.pinned_today`. The clock starts at that moment and ticks, so a run can cross midnight or a
clock change as a real day would. `make test-dates` uses it to sweep the awkward days of the year."""

import datetime as dt
import os

import time_machine

_traveller = None


def pytest_configure(config):
    global _traveller
    moment = os.environ.get("UPW_TEST_TODAY")
    if not moment:
        return
    start = dt.datetime.fromisoformat(moment)
    if start.tzinfo is None:
        start = start.replace(tzinfo=dt.UTC)
    _traveller = time_machine.travel(start, tick=True)
    _traveller.start()


def pytest_report_header(config):
    if _traveller is not None:
        return f"today pinned to {os.environ['UPW_TEST_TODAY']} (UTC), ticking"
    return None


def pytest_unconfigure(config):
    if _traveller is not None:
        _traveller.stop()
