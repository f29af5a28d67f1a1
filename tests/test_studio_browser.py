"""The studio end to end in headless Chromium (Debian ``chromium``) driven by Playwright:
upload and brief, generation progress, candidates with scores, edit text and colour, drag an
element, approve, and the report chart after decisions and beacons sent like an ad page would.

Screenshots go to ``$ADCRAFT_SCREENSHOTS`` (default: the test's temporary folder).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import httpx
import numpy as np
import pytest
from PIL import Image

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (apt-get install chromium)")


@pytest.fixture()
def photo(tmp_path) -> Path:
    from skimage import data

    path = tmp_path / "coffee.jpg"
    Image.fromarray(np.asarray(data.coffee())).save(path, quality=92)
    return path


def test_studio_end_to_end(tmp_path, photo):
    from playwright.sync_api import expect, sync_playwright

    from adcraft.serve import ServeSettings
    from adcraft.serve.live import LiveServer

    shots = Path(os.environ.get("ADCRAFT_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    settings = ServeSettings(data_dir=tmp_path / "data", api_keys=("studio-key",), reward_wait_s=0.5)
    with LiveServer(settings) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{url}/")
        # sign in: a wrong key is refused with a message, the right one opens the studio
        page.fill("#key", "wrong")
        page.click("#login-form button")
        expect(page.locator("#login-error")).to_contain_text("not accepted")
        page.fill("#key", "studio-key")
        page.click("#login-form button")
        expect(page.locator("#new-product")).to_be_visible()

        # upload a photo and fill the brief; two sizes, two candidates each
        page.set_input_files("#f-photo", str(photo))
        page.fill("#f-title", "Single-origin espresso beans")
        page.fill("#f-brand", "Pikolo")
        page.fill("#f-price", "19")
        page.fill("#f-original", "27")
        page.uncheck("#f-sizes input[value='1080x1080']")
        page.fill("#f-count", "2")
        page.click("#f-submit")
        expect(page.locator("#job")).to_be_visible()
        expect(page.locator("#job-text")).to_contain_text("done", timeout=120_000)
        cards = page.locator(".creative")
        expect(cards).to_have_count(4)
        assert page.locator("#job-bar").evaluate("e => e.style.width") == "100%"
        expect(page.locator(".size[data-size='1200x628'] .creative").first).to_contain_text("score")
        page.screenshot(path=str(shots / "1-candidates.png"), full_page=True)

        # edit: headline text and colour, then drag the CTA
        page.locator(".size[data-size='1200x628'] .creative").first.get_by_role("button", name="Edit").click()
        expect(page.locator("#editor")).to_be_visible()
        before = page.get_attribute("#e-image", "src")
        page.fill(".e-text[data-role='headline']", "Fresh roast, every week")
        page.locator(".e-colour[data-role='headline']").fill("#ffd400")
        page.click("#e-save")
        expect(page.locator("#e-image")).not_to_have_attribute("src", before)
        expect(page.locator(".e-text[data-role='headline']")).to_have_value("Fresh roast, every week")
        cta = page.locator(".el[data-element='cta']")
        box = cta.bounding_box()
        src = page.get_attribute("#e-image", "src")
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2 - 30, steps=8)
        page.mouse.up()
        expect(page.locator("#e-image")).not_to_have_attribute("src", src)
        moved = page.locator(".el[data-element='cta']").bounding_box()
        assert moved["x"] > box["x"] + 20 and moved["y"] < box["y"] - 10
        page.screenshot(path=str(shots / "2-editor.png"))
        page.click("#e-approve")
        expect(page.locator("#e-score")).to_contain_text("approved")
        page.click("#e-close")
        expect(page.locator(".creative.approved")).to_have_count(1)
        approved_id = page.locator(".creative.approved").get_attribute("data-id")

        # the ad page side: placement, decisions and beacons over plain HTTP
        key = {"X-API-Key": "studio-key"}
        with httpx.Client(base_url=url, timeout=10) as http:
            assert http.post("/v1/placements", json={"name": "home-hero", "size": "1200x628"}, headers=key).status_code == 201
            for i in range(30):
                d = http.get("/v1/decision", params={"placement": "home-hero", "user": f"u{i}", "segment": "new" if i % 2 else "returning"}).json()
                assert d["creative_id"] == approved_id
                assert http.get(d["impression_url"]).status_code == 204
                if i % 5 == 0:
                    assert http.get(d["click_url"]).status_code == 204
        page.click("#nav-report")
        expect(page.locator("#view-products")).to_be_hidden()
        expect(page.locator("#r-table tbody tr")).to_have_count(1)
        expect(page.locator("#r-table tbody")).to_contain_text("30")
        expect(page.locator("#r-chart rect.bar")).to_have_count(1)
        page.select_option("#r-by", "segment")
        expect(page.locator("#r-chart rect.bar")).to_have_count(2)
        page.screenshot(path=str(shots / "3-report.png"), full_page=True)
        assert not errors, errors
        browser.close()
