"""Issue 17 on the server: beacons one client cannot inflate, a queue with a cap, an event loop
that keeps answering during uploads, security headers and cookies, and the HTTP contract.

Creatives are inserted straight into the store (no generation) so these tests stay fast; the
generation paths are covered by ``test_serve_api.py`` and ``test_serve_leases.py``."""

from __future__ import annotations

import io
import json
import os
import socket
import stat
import threading
import time
from urllib.parse import urlsplit

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("fastapi", reason="the serve extra is not installed: pip install -e '.[serve]'")

from fastapi.testclient import TestClient  # noqa: E402

from adcraft.serve import ServeSettings, create_app  # noqa: E402

KEY = {"X-API-Key": "test-key"}
PUBLIC = "https://ads.example.com"


def _settings(**kw) -> ServeSettings:
    """Settings with the fields this version of :class:`ServeSettings` has (so that this file
    also runs against the code before issue 17 and shows each case failing there)."""
    import dataclasses

    names = {f.name for f in dataclasses.fields(ServeSettings)}
    return ServeSettings(**{k: v for k, v in kw.items() if k in names})


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _seed(svc, n: int = 3, placement: str = "slot") -> list[str]:
    """``n`` approved 300x250 creatives of one product and a placement, written directly."""
    from adcraft.serve.db import CreativeRow, Placement, Product

    png = io.BytesIO()
    Image.new("RGB", (300, 250), (200, 100, 50)).save(png, "PNG")
    with svc.sessions() as s:
        s.add(Product(id="p1", title="Mug", brief={"title": "Mug"}, photo="x.png", landing_url="https://shop.example/mug"))
        s.flush()
        ids = []
        for i in range(n):
            cid = f"p1-c{i}"
            svc.files.write("renders", f"{cid}-v1.png", png.getvalue())
            s.add(CreativeRow(id=cid, product_id="p1", job_id="j", size="300x250", rank=i + 1, score=0.5, terms={}, document={"size": [300, 250], "background": {"style": "linear_gradient", "colours": ["#ffffff", "#000000"]}, "meta": {"family": "f"}}, image=f"{cid}-v1.png", status="approved"))
            ids.append(cid)
        s.add(Placement(name=placement, size="300x250", products=[]))
        s.commit()
    svc.invalidate()
    return ids


@pytest.fixture
def app_client(tmp_path):
    settings = _settings(data_dir=tmp_path, api_keys=("test-key",), public_url=PUBLIC, reward_wait_s=0.3)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        ids = _seed(client.app.state.service)
        yield client, ids


def _stored(client, by: str = "creative") -> dict:
    rows = client.get("/v1/reports", headers=KEY, params={"by": by}).json()["rows"]
    return {r["key"]: (r["impressions"], r["clicks"], r["conversions"]) for r in rows}


# -- 1. events that cannot be inflated ---------------------------------------------------------
def test_one_decision_counts_once_whatever_the_client_adds(app_client):
    c, _ = app_client
    d = c.get("/v1/decision", params={"placement": "slot", "segment": "s"}).json()
    imp, click, conv = (_path(d[k]) for k in ("impression_url", "click_url", "conversion_url"))
    for i in range(50):  # the attack of the issue: a fresh client-chosen event id per beacon
        c.get(f"{imp}&event_id=e{i}")
        c.post(f"{click}&event_id=e{i}", headers={"X-Forwarded-For": f"10.0.0.{i}"})
    for i in range(20):
        c.get(f"{conv}&event_id=e{i}&value=100")
    assert _stored(c)[d["creative_id"]] == (1, 1, 1)
    assert c.get(f"{conv}&value=1e9").status_code == 422  # conversion values are bounded
    svc = c.app.state.service
    assert svc.sampler.counts(d["creative_id"], "s") == (1, 1)


def test_a_click_counts_only_after_its_impression(app_client):
    c, _ = app_client
    d = c.get("/v1/decision", params={"placement": "slot"}).json()
    r = c.post(_path(d["click_url"]))
    assert r.status_code == 204 and (r.headers["x-adcraft-stored"], r.headers["x-adcraft-event"]) == ("0", "before-impression")
    r = c.get(_path(d["conversion_url"]))
    assert r.headers["x-adcraft-event"] == "before-click"
    assert c.get(_path(d["impression_url"])).headers["x-adcraft-event"] == "stored"
    r = c.get(_path(d["click_url"]), follow_redirects=False)  # GET click: counted, then the landing page
    assert r.status_code == 302 and r.headers["location"] == "https://shop.example/mug" and r.headers["x-adcraft-stored"] == "1"
    assert c.get(_path(d["conversion_url"])).headers["x-adcraft-event"] == "stored"
    assert _stored(c)[d["creative_id"]] == (1, 1, 1)


def test_tokens_expire_and_forgeries_are_refused(app_client):
    c, _ = app_client
    svc = c.app.state.service
    d = c.get("/v1/decision", params={"placement": "slot"}).json()
    payload = svc.tokens.decode(urlsplit(d["impression_url"]).query[2:])
    old = svc.tokens.encode({k: v for k, v in payload.items() if k != "iat"}, now=time.time() - svc.settings.token_ttl_s - 5)
    r = c.get(f"/v1/events/impression?t={old}")
    assert r.status_code == 410 and "expired" in r.json()["error"]
    from adcraft.serve.bandit import TokenCodec

    forged = TokenCodec("not-the-secret").encode({**payload, "c": "p1-c0"})
    assert c.get(f"/v1/events/click?t={forged}").status_code == 403
    assert _stored(c) == {}


def test_beacon_urls_come_from_the_public_url_not_the_host_header(app_client):
    c, _ = app_client
    d = c.get("/v1/decision", params={"placement": "slot"}, headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"}).json()
    for key in ("image_url", "impression_url", "click_url", "conversion_url"):
        assert d[key].startswith(PUBLIC + "/v1/"), d[key]


def test_one_client_cannot_move_the_bandit(app_client):
    """200 replayed clicks of one decision used to make Thompson sampling serve that creative
    in 300 of 300 decisions; now they count once, and the choice stays spread."""
    c, ids = app_client
    d = c.get("/v1/decision", params={"placement": "slot", "segment": "s"}).json()
    c.get(_path(d["impression_url"]))
    for i in range(200):
        c.get(f"{_path(d['click_url'])}&event_id=x{i}", follow_redirects=False)
    picks = [c.get("/v1/decision", params={"placement": "slot", "segment": "s"}).json()["creative_id"] for _ in range(300)]
    assert max(picks.count(i) for i in ids) < 250


# -- 2. a server that never stalls; a bounded queue ------------------------------------------
def test_the_event_loop_answers_while_a_large_upload_is_checked(tmp_path):
    """Decoding a large PNG used to run on the event loop (``async`` route): every other request
    waited for it. Now it runs in a worker process; health checks keep answering."""
    import httpx

    from adcraft.serve.live import LiveServer

    big = np.zeros((6000, 6000, 3), np.uint8)
    big[::7, :, 0] = 255
    big[:, ::5, 1] = 200
    buf = io.BytesIO()
    Image.fromarray(big).save(buf, "PNG", compress_level=1)
    photo = buf.getvalue()
    settings = _settings(data_dir=tmp_path, api_keys=("test-key",), max_upload_bytes=60_000_000)
    with LiveServer(settings) as url, httpx.Client(base_url=url, timeout=60) as http:
        http.post("/v1/products", headers=KEY, files={"photo": ("w.png", b"warm-up")}, data={"brief": '{"title": "x"}'})  # starts the pool
        done: dict = {}

        def upload() -> None:
            t = time.monotonic()
            with httpx.Client(base_url=url, timeout=120) as h2:
                done["status"] = h2.post("/v1/products", headers=KEY, files={"photo": ("big.png", photo)}, data={"brief": '{"title": "Big"}'}).status_code
            done["seconds"] = time.monotonic() - t

        worker = threading.Thread(target=upload)
        worker.start()
        lat = []
        while worker.is_alive():
            t = time.monotonic()
            assert http.get("/v1/health").status_code == 200
            lat.append(time.monotonic() - t)
            time.sleep(0.02)
        worker.join()
    assert done["status"] == 201
    assert len(lat) >= 5 and max(lat) < 0.5 * done["seconds"], (max(lat), done["seconds"], len(lat))


def test_the_job_queue_is_bounded(tmp_path):
    settings = _settings(data_dir=tmp_path, api_keys=("test-key",), max_queued_jobs=2)
    with TestClient(create_app(settings)) as c:
        svc = c.app.state.service
        svc.jobs.stop()  # nothing takes jobs: they stay queued
        _seed(svc)
        assert [c.post("/v1/products/p1/jobs", headers=KEY, json={"count": 1}).status_code for _ in range(2)] == [202, 202]
        r = c.post("/v1/products/p1/jobs", headers=KEY, json={"count": 1})
        assert r.status_code == 429 and int(r.headers["retry-after"]) > 0 and "queued" in r.json()["error"]


# -- 4. every bad input gets a clear error -------------------------------------------------------
@pytest.mark.parametrize(
    "body,status,words",
    [
        (b'{"brief": {"title": "x", "price": Infinity}, "photo_base64": "QUJDREVGR0g="}', 400, "Infinity"),
        (b'{"brief": {"title": "x", "price": 1' + b"0" * 5000 + b'}, "photo_base64": "QUJDREVGR0g="}', 400, "digits"),
        (b"[" * 100_000 + b"]" * 100_000, 400, "nested"),
        ('{"brief": {"title": "caf\u00e9"}}'.encode("latin-1"), 400, "UTF-8"),
        (b'{"brief": {"title": "x", "price": 1e30}, "photo_base64": "QUJDREVGR0g="}', 422, "price"),
    ],
)
def test_hostile_json_bodies_get_a_clear_4xx(app_client, body, status, words):
    c, _ = app_client
    r = c.post("/v1/products/from-json", headers={**KEY, "content-type": "application/json"}, content=body)
    assert r.status_code == status, r.text[:300]
    assert words in r.json()["error"]


def test_a_multipart_brief_is_bounded_too(app_client):
    c, _ = app_client
    png = io.BytesIO()
    Image.new("RGB", (300, 300)).save(png, "PNG")
    for brief, words in (('{"title": "x", "price": Infinity}', "Infinity"), ('{"title": "x", "price": 1' + "0" * 5000 + "}", "digits"), ("[" * 50_000, "nested")):
        r = c.post("/v1/products", headers=KEY, files={"photo": ("p.png", png.getvalue())}, data={"brief": brief})
        assert r.status_code in (400, 422) and words in r.json()["error"], r.text[:200]


def test_an_internal_error_is_a_one_line_500(app_client, monkeypatch):
    c, _ = app_client
    svc = c.app.state.service

    def boom(*a, **k):
        raise RuntimeError("something\nbroke <object at 0x1234>")

    monkeypatch.setattr(svc, "decide", boom)
    r = c.get("/v1/decision", params={"placement": "slot"})
    assert r.status_code == 500 and r.headers["content-type"] == "application/json"
    msg = r.json()["error"]
    assert msg.startswith("internal error: RuntimeError") and "\n" not in msg and "0x1234" not in msg


def test_upload_errors_print_no_object_reprs(app_client):
    c, _ = app_client
    r = c.post("/v1/products", headers=KEY, files={"photo": ("x.jpg", b"not an image at all")}, data={"brief": '{"title": "x"}'})
    assert r.status_code == 400 and "object at 0x" not in r.json()["error"] and "photo" in r.json()["error"]


# -- 6. security hygiene -------------------------------------------------------------------------
def test_sign_in_sets_an_httponly_samesite_cookie(app_client):
    c, _ = app_client
    assert c.post("/v1/session", json={"key": "wrong"}).status_code == 403
    r = c.post("/v1/session", json={"key": "test-key"})
    assert r.status_code == 204
    cookie = r.headers["set-cookie"].lower()
    assert "adcraft_key=test-key" in cookie and "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    assert "secure" in cookie  # the public URL is https
    r = c.delete("/v1/session")
    assert r.status_code == 204 and "adcraft_key=" in r.headers["set-cookie"] and "max-age=0" in r.headers["set-cookie"].lower()


def test_studio_sends_csp_frame_and_nosniff_headers(app_client):
    c, _ = app_client
    r = c.get("/studio/")
    assert r.status_code == 200
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"] and "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    assert c.get("/v1/health").headers["x-content-type-options"] == "nosniff"
    html = r.text
    assert "<script>" not in html and "onclick=" not in html  # the CSP allows no inline script


def test_secret_files_are_created_0600_in_one_step(tmp_path, monkeypatch):
    import secrets as secrets_module

    seen = []
    real = secrets_module.token_urlsafe

    def spy(n):
        # when the secret is made, its file must already exist, empty, readable by the owner only
        for name in ("api_key", "token_secret"):
            p = tmp_path / name
            if p.exists() and p.stat().st_size == 0:
                seen.append((name, stat.S_IMODE(p.stat().st_mode)))
        return real(n)

    monkeypatch.setattr(secrets_module, "token_urlsafe", spy)
    old = os.umask(0)
    try:
        s = ServeSettings(data_dir=tmp_path).prepared()
    finally:
        os.umask(old)
    assert sorted(seen) == [("api_key", 0o600), ("token_secret", 0o600)]
    for name in ("api_key", "token_secret"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert s.generated_key and not ServeSettings(data_dir=tmp_path).prepared().generated_key
    assert ServeSettings(data_dir=tmp_path).prepared().api_keys == s.api_keys  # kept, not replaced


def test_heads_are_bounded_in_size_and_time(tmp_path):
    from adcraft.serve.live import LiveServer

    settings = _settings(data_dir=tmp_path, api_keys=("test-key",), header_timeout_s=1.0, max_header_bytes=8192)
    with LiveServer(settings) as url:
        host, port = urlsplit(url).hostname, urlsplit(url).port
        # 1 MB of headers: refused, connection closed
        with socket.create_connection((host, port), timeout=10) as s:
            s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 1_000_000 + b"\r\n\r\n")
            answer = s.recv(200)
            assert answer.startswith(b"HTTP/1.1 4"), answer
        # a client that sends half a head and waits: closed after the header timeout
        with socket.create_connection((host, port), timeout=10) as s:
            s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n")
            t = time.monotonic()
            assert s.recv(100) == b""  # EOF: the server closed it
            assert time.monotonic() - t < 5
        with socket.create_connection((host, port), timeout=10) as s:  # idle from the start too
            t = time.monotonic()
            assert s.recv(100) == b"" and time.monotonic() - t < 5


# -- 7. contract ---------------------------------------------------------------------------------
def test_every_route_documents_its_statuses(app_client):
    c, _ = app_client
    doc = c.get("/openapi.json").json()
    from adcraft.serve.api import PUBLIC as public

    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            codes = set(op["responses"])
            assert {"400", "422", "500"} <= codes, (method, path, codes)
            if path not in public:
                assert {"401", "403"} <= codes and op["security"], (method, path)
            if "{" in path and not path.startswith("/v1/events"):
                assert "404" in codes, (method, path)
            for code, resp in op["responses"].items():
                if code.startswith(("4", "5")):
                    assert resp["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody"), (method, path, code)


def test_405_lists_every_allowed_method(app_client):
    c, _ = app_client
    r = c.delete("/v1/products", headers=KEY)
    assert r.status_code == 405 and set(r.headers["allow"].split(", ")) == {"GET", "POST"} and r.json()["error"]
    r = c.put("/v1/events/click", params={"t": "x"})
    assert r.status_code == 405 and set(r.headers["allow"].split(", ")) == {"GET", "POST"}
    r = c.head("/v1/health")
    assert r.status_code == 405 and r.headers["allow"] == "GET"
    r = c.post("/studio/")
    assert r.status_code == 405 and set(r.headers["allow"].split(", ")) == {"GET", "HEAD"}


def test_the_schema_is_as_strict_as_the_server(app_client):
    import re

    c, _ = app_client
    doc = c.get("/openapi.json").json()
    size = doc["components"]["schemas"]["PlacementRequest"]["properties"]["size"]["pattern"]
    for text, ok in (("00x00", False), ("31x100", False), ("32x32", True), ("4096x4096", True), ("4097x100", False), ("300x250", True), ("0300x250", False)):
        assert bool(re.match(size, text)) is ok, text
        r = c.post("/v1/placements", headers=KEY, json={"name": "n", "size": text})
        assert (r.status_code == 201) is ok, (text, r.status_code)
    job = doc["components"]["schemas"]["JobRequest"]["properties"]
    from adcraft.palette.themes import THEMES

    assert job["theme"]["enum"] == THEMES.names()
    assert c.post("/v1/products/p1/jobs", headers=KEY, json={"count": "4"}).status_code == 422  # strict types


def test_jobs_carry_the_full_layout_control(app_client):
    from adcraft.layout.control import LayoutControl, Relation
    from adcraft.serve.schemas import control_from_json, control_to_json

    control = LayoutControl(locked={"product": (10, 10, 100, 100)}, hidden=frozenset({"subline"}), texts={"cta": "Buy"}, relations=(Relation.parse("logo top-left"), Relation.parse("cta under price")))
    assert control_from_json(json.loads(json.dumps(control_to_json(control)))) == control
    c, _ = app_client
    c.app.state.service.jobs.stop()
    body = {"count": 1, "control": {"hidden": ["subline"], "relations": ["logo top-left", "cta under price"], "texts": {"cta": "Buy now"}, "locked": {"product": [10, 10, 120, 120]}}}
    r = c.post("/v1/products/p1/jobs", headers=KEY, json=body)
    assert r.status_code == 202, r.text
    stored = r.json()["options"]["control"]
    assert stored["hidden"] == ["subline"] and stored["relations"] == ["logo top-left", "cta under price"] and stored["texts"] == {"cta": "Buy now"}
    r = c.post("/v1/creatives/p1-c0/relayout", headers=KEY, json={"hidden": ["logo"], "relations": ["cta under price"]})
    assert r.status_code == 202 and r.json()["options"]["control"]["hidden"] == ["logo"] and r.json()["options"]["control"]["relations"] == ["cta under price"]
