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
        expect(page.locator(".el[data-element='cta']")).to_be_visible()  # drawn again once the new image loads
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


def test_studio_feed_review_grid_and_motion_preview(tmp_path):
    """A feed imported over the API appears in the Feeds tab: progress to done, a review grid
    with the critic's verdict per size, bulk approval, and the creative's motion previews."""
    import io

    from conftest import packshot
    from playwright.sync_api import expect, sync_playwright

    from adcraft.serve import ServeSettings
    from adcraft.serve.live import LiveServer

    shots = Path(os.environ.get("ADCRAFT_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    photos = []
    for name, colour in (("red.png", (200, 30, 40)), ("blue.png", (30, 110, 200))):
        buf = io.BytesIO()
        Image.fromarray(packshot(320, colour)[0]).save(buf, "PNG")
        photos.append(("photos", (name, buf.getvalue(), "image/png")))
    tsv = ("id\ttitle\tprice\tbrand\timage_link\tlink\n"
           "mug-1\tStoneware mug, speckled glaze\t14.00 USD\tPikolo\tred.png\thttps://shop.example/mug\n"
           "fizz-2\tSparkling water, 6 bottles\t9.00 USD\tFizz\tblue.png\thttps://shop.example/fizz\n"
           "bad-3\t\t1.00 USD\t\tred.png\t\n")
    settings = ServeSettings(data_dir=tmp_path / "data", api_keys=("studio-key",))
    with LiveServer(settings) as url, sync_playwright() as pw:
        with httpx.Client(base_url=url, timeout=30) as http:
            r = http.post("/v1/feeds", headers={"X-API-Key": "studio-key"}, files=[("feed", ("shop.tsv", tsv.encode())), *photos],
                          data={"feed_id": "shop", "sizes": "300x250,728x90", "count": "1"})
            assert r.status_code == 202, r.text
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{url}/")
        page.fill("#key", "studio-key")
        page.click("#login-form button")
        page.click("#nav-feeds")
        page.locator("#feed-list li[data-id='shop']").click()
        expect(page.locator("#fe-status")).to_have_text("done", timeout=180_000)
        expect(page.locator(".product-row")).to_have_count(2)
        expect(page.locator(".tile")).to_have_count(4)  # two products x two sizes
        expect(page.locator("#fe-refused summary")).to_contain_text("1 row refused")
        verdicts = page.locator(".tile .verdict").all_inner_texts()
        assert set(verdicts) <= {"SHIP", "FIX", "REJECT"} and len(verdicts) == 4
        page.screenshot(path=str(shots / "4-feed-grid.png"), full_page=True)
        # bulk: pick two creatives, approve them together
        picks = page.locator(".fr-pick")
        picks.nth(0).check()
        picks.nth(2).check()
        expect(page.locator("#fr-count")).to_have_text("2 selected")
        page.click("#fr-approve")
        expect(page.locator(".tile.approved")).to_have_count(2)
        expect(page.locator("#fr-count")).to_contain_text("2 approved")
        # a creative's motion: MP4 in a <video>, GIF and animated WebP in <img>
        page.locator(".tile[data-size='300x250'] img").first.click()
        expect(page.locator("#editor")).to_be_visible()
        page.click("#e-preview")
        # (the studio's CSP allows no eval: wait on element properties, not on page functions)
        expect(page.locator("#e-gif")).to_have_js_property("naturalWidth", 300, timeout=120_000)
        expect(page.locator("#e-video")).to_have_js_property("videoWidth", 300, timeout=120_000)
        assert page.locator("#e-video").evaluate("v => [v.videoWidth, v.videoHeight]") == [300, 250]
        expect(page.locator("#e-awebp")).to_have_js_property("naturalHeight", 250, timeout=120_000)
        expect(page.locator("#e-motion-error")).to_have_text("")
        page.screenshot(path=str(shots / "5-motion-preview.png"))
        assert not errors, errors
        browser.close()
