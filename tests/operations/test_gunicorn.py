"""gunicorn with gunicorn.conf.py serves the site, and its access log is JSON with the request id."""

import gc
import json
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_serves_the_probes_and_logs_each_request_as_json_with_its_id(tmp_path):
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}},
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    request_id, body = response.headers["X-Request-ID"], response.read()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.5)
        try:  # a page that is not there: timed like any other, so the metrics have a figure
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/X765432/", timeout=10)
        except urllib.error.HTTPError as missing:
            assert missing.code == 404
        metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)

    assert json.loads(body) == {"status": "ok"}
    # Added up over the workers, whichever answered.
    assert 'upw_http_responses_total{method="GET",status="404",view="unresolved"} 1.0' in metrics
    access = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    [line] = [entry for entry in access if entry.get("request_id") == request_id]
    assert (line["logger"], line["method"], line["path"], line["status"]) == ("gunicorn.access", "GET", "/healthz", 200)
    assert "Booting worker" in err
    # A case reference in a path is personal data: the log keeps the path's shape without it.
    assert [line for line in (out + err).splitlines() if "X765432" in line] == []
    assert any(entry.get("path") == "/no-such-page/{crn}/" for entry in access)


@pytest.mark.parametrize(("preloaded", "collects_first"), [(False, True), (True, False)])
def test_a_worker_freezes_the_loaded_application_so_the_collector_never_walks_it_again(
    monkeypatch, tmp_path, preloaded, collects_first
):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))  # else the config makes one for itself
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    collections = []
    monkeypatch.setattr(gc, "collect", lambda *args: collections.append(args) or 0)
    assert gc.get_freeze_count() == 0
    try:
        config["post_worker_init"](SimpleNamespace(cfg=SimpleNamespace(preload_app=preloaded)))
        # Django and the application, loaded by this process as by a worker.
        assert gc.get_freeze_count() > 50_000
    finally:
        gc.unfreeze()
    # After a fork (preloaded), collecting would copy the master's pages it frees holes in.
    assert bool(collections) is collects_first
