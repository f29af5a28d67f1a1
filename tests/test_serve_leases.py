"""Issue 17: jobs are owned by one server at a time, tested with two live ``adcraft serve``
processes on one data folder: a server that cannot bind its port touches nothing, a second
server does not take a job whose lease is alive, and takes over one whose server was killed."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("fastapi", reason="the serve extra is not installed: pip install -e '.[serve]'")

import httpx  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from adcraft.serve.live import free_port  # noqa: E402

KEY = {"X-API-Key": "k"}


def _start(data: Path, port: int, env_extra: dict | None = None) -> subprocess.Popen:
    env = {**os.environ, "ADCRAFT_JOB_LEASE_S": "3", **(env_extra if env_extra is not None else {"ADCRAFT_API_KEYS": "k"})}
    cmd = [sys.executable, "-m", "adcraft.cli", "serve", "--data", str(data), "--port", str(port), "--log-level", "warning"]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait_up(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else proc.returncode
        try:
            if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not come up")


def _job_row(db: Path, job_id: str) -> dict:
    eng = create_engine(f"sqlite:///{db}")
    with eng.connect() as c:
        row = c.execute(text("SELECT status, owner, attempts, stage FROM jobs WHERE id = :i"), {"i": job_id}).mappings().one()
    eng.dispose()
    return dict(row)


def _wait_job(http: httpx.Client, job_id: str, statuses: tuple[str, ...], timeout: float = 240) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        job = http.get(f"/v1/jobs/{job_id}", headers=KEY).json()
        if job["status"] in statuses:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} never reached {statuses}")


def _creatives_of(http: httpx.Client, product: str, job_id: str) -> list[dict]:
    return [c for c in http.get(f"/v1/products/{product}/creatives", headers=KEY).json() if c["job_id"] == job_id]


def _children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_two_live_servers_share_jobs_by_lease(tmp_path):
    from skimage import data as skdata

    data = tmp_path / "data"
    db = data / "adcraft.db"
    port_a, port_b = free_port(), free_port()
    a = _start(data, port_a)
    b = None
    try:
        url_a = f"http://127.0.0.1:{port_a}"
        _wait_up(url_a, a)
        http = httpx.Client(base_url=url_a, timeout=60)
        buf = io.BytesIO()
        Image.fromarray(np.asarray(skdata.coffee())).save(buf, "JPEG")
        pid = http.post("/v1/products", headers=KEY, files={"photo": ("c.jpg", buf.getvalue())}, data={"brief": json.dumps({"title": "Espresso beans", "price": 19})}).json()["id"]
        job1 = http.post(f"/v1/products/{pid}/jobs", headers=KEY, json={"sizes": ["1200x628", "1080x1080", "300x250"], "count": 8}).json()["id"]
        _wait_job(http, job1, ("running", "done", "failed"))
        row = _job_row(db, job1)
        assert row["owner"] and row["attempts"] == 1

        # a second server on the same port: refused at once, nothing in the store changed
        same = subprocess.run([sys.executable, "-m", "adcraft.cli", "serve", "--data", str(data), "--port", str(port_a)], env={**os.environ, "ADCRAFT_API_KEYS": "k"}, capture_output=True, text=True, timeout=60)
        assert same.returncode == 2 and "cannot listen" in same.stderr, same.stderr
        after = _job_row(db, job1)
        assert (after["owner"], after["attempts"]) == (row["owner"], row["attempts"]) and "resumed" not in after["stage"]

        # a second server on another port while the first works: it leaves the job alone
        b = _start(data, port_b)
        _wait_up(f"http://127.0.0.1:{port_b}", b)
        owners = set()
        while (r := _job_row(db, job1))["status"] == "running":
            owners.add(r["owner"])
            time.sleep(0.2)
        assert owners <= {row["owner"]}
        done = _wait_job(http, job1, ("done", "failed"))
        assert done["status"] == "done", done
        made = _creatives_of(http, pid, job1)
        assert len(made) == done["total"] == 24
        assert max(Counter((c["size"], c["rank"]) for c in made).values()) == 1  # no duplicate rank
        assert _job_row(db, job1)["attempts"] == 1
        _stop(b)
        b = None

        # the first server is killed mid-job: after its lease expires, a new server takes over
        job2 = http.post(f"/v1/products/{pid}/jobs", headers=KEY, json={"sizes": ["1200x628", "300x250"], "count": 6, "seed": 5}).json()["id"]
        end = time.monotonic() + 120
        while _job_row(db, job2)["stage"] in ("queued", "cut-out") and time.monotonic() < end:
            time.sleep(0.1)  # wait until generation is under way
        dead_owner = _job_row(db, job2)["owner"]
        children = _children(a.pid)
        assert children  # the generation worker (and the upload-check pool)
        a.kill()
        a.wait()
        http.close()
        b = _start(data, port_b)
        http = httpx.Client(base_url=f"http://127.0.0.1:{port_b}", timeout=60)
        _wait_up(f"http://127.0.0.1:{port_b}", b)
        final = _wait_job(http, job2, ("done", "failed"))
        assert final["status"] == "done", final
        row2 = _job_row(db, job2)
        assert row2["attempts"] == 2 and row2["owner"] is None and dead_owner
        made = _creatives_of(http, pid, job2)
        assert len(made) == final["total"] == 12
        assert max(Counter((c["size"], c["rank"]) for c in made).values()) == 1
        http.close()
        assert not [c for c in children if Path(f"/proc/{c}").exists()]  # the killed server's workers ended too
    finally:
        for p in (a, b):
            if p is not None:
                _stop(p)


def test_the_api_key_is_printed_only_when_generated(tmp_path):
    data = tmp_path / "data"
    lines = []
    for _ in range(2):
        port = free_port()
        proc = _start(data, port, env_extra={})
        try:
            _wait_up(f"http://127.0.0.1:{port}", proc)
        finally:
            _stop(proc)
        lines.append(proc.stderr.read())
    key = (data / "api_key").read_text().strip()
    assert key in lines[0] and "shown once" in lines[0]
    assert key not in lines[1] and "api_key" in lines[1]
