"""CI contract check: ``schemathesis run --checks all`` against a live ``adcraft serve``.

Starts the server on loopback (SQLite in a temporary folder; a cap of 2 queued jobs so the
generation jobs schemathesis starts stay bounded), seeds a product with generated creatives,
an approved creative, a placement and a feed, so that the operations with ids reach real data, then
runs schemathesis with a fixed seed and a bounded number of examples per operation and every
check. Exits with schemathesis's exit code (0: no failure).

Usage: ``python .ci/contract.py [--max-examples 20] [--seed 1]``
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEY = "contract-key"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _seed(url: str) -> dict[str, str]:
    """A product with two generated 300x250 creatives (one approved), a placement and a feed."""
    import httpx
    import numpy as np
    from PIL import Image
    from skimage import data

    h = {"X-API-Key": KEY}
    with httpx.Client(base_url=url, timeout=120) as c:
        buf = io.BytesIO()
        Image.fromarray(np.asarray(data.coffee())).save(buf, "JPEG")
        brief = {"title": "Single-origin espresso beans", "brand": "Pikolo", "price": 19, "original_price": 27}
        product = c.post("/v1/products", headers=h, files={"photo": ("c.jpg", buf.getvalue())}, data={"brief": json.dumps(brief)}).json()["id"]
        job = c.post(f"/v1/products/{product}/jobs", headers=h, json={"sizes": ["300x250"], "count": 2}).json()["id"]
        while (j := c.get(f"/v1/jobs/{job}", headers=h).json())["status"] not in ("done", "failed"):
            time.sleep(0.3)
        if j["status"] != "done":
            raise SystemExit(f"contract: seeding failed: {j}")
        creatives = [x["id"] for x in c.get(f"/v1/products/{product}/creatives", headers=h).json()]
        c.post(f"/v1/creatives/{creatives[0]}/approve", headers=h)
        c.post("/v1/placements", headers=h, json={"name": "contract", "size": "300x250"})
        feed = "id\ttitle\timage_link\nc1\tSingle-origin espresso beans\tcoffee.jpg\n"
        r = c.post("/v1/feeds", headers=h, files=[("feed", ("contract.tsv", feed.encode())), ("photos", ("coffee.jpg", buf.getvalue()))],
                   data={"feed_id": "contract", "sizes": "300x250", "count": "1"})
        if r.status_code != 202:
            raise SystemExit(f"contract: seeding the feed failed: {r.text}")
    return {"ADCRAFT_ST_PRODUCT": product, "ADCRAFT_ST_JOB": job, "ADCRAFT_ST_CREATIVE": creatives[-1], "ADCRAFT_ST_PLACEMENT": "contract",
            "ADCRAFT_ST_FEED": "contract"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-examples", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ADCRAFT_API_KEYS": KEY, "ADCRAFT_MAX_QUEUED_JOBS": "2", "ADCRAFT_PUBLIC_URL": url}
        server = subprocess.Popen(
            [sys.executable, "-m", "adcraft.cli", "serve", "--data", tmp, "--port", str(port), "--log-level", "error"], env=env
        )
        try:
            import httpx

            for _ in range(300):
                try:
                    if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            ids = _seed(url)
            cmd = [
                "schemathesis", "--config-file", str(HERE / "schemathesis.toml"), "run", f"{url}/openapi.json",
                "--checks", "all", "--max-examples", str(args.max_examples), "--seed", str(args.seed), "--no-shrink",
                "--header", f"X-API-Key: {KEY}", "--request-timeout", "60",
            ]
            return subprocess.run(cmd, env={**os.environ, **ids}, cwd=tmp).returncode
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    sys.exit(main())
