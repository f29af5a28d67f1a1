"""Delivery: SVG rendered by a real SVG renderer, HTML5 ads in headless Chromium, platform budgets,
the `adcraft video` and `adcraft export` commands."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import cv2
import numpy as np
import pytest
from conftest import creative_doc
from PIL import Image

from adcraft.cli import main
from adcraft.errors import InputError, UnknownOptionError
from adcraft.export.deliver import DeliveryRequest, deliver
from adcraft.export.fit import fit_still
from adcraft.export.html5 import export_html5_zip
from adcraft.export.platforms import PLATFORMS
from adcraft.export.svg import export_svg, rasterise_svg
from adcraft.output import load_document_file
from adcraft.render import Renderer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CLICK = "https://shop.example/espresso"


def _mean_abs(a: np.ndarray, b: np.ndarray, blur: float = 0.0) -> float:
    a, b = a.astype(np.float32), b.astype(np.float32)
    if blur:
        a, b = cv2.GaussianBlur(a, (0, 0), blur), cv2.GaussianBlur(b, (0, 0), blur)
    return float(np.abs(a - b).mean())


@pytest.fixture(scope="module")
def renderer():
    return Renderer()


@pytest.fixture(scope="module", params=["1080x1920", "300x250"])
def creative(request, creative_folder):
    return load_document_file(creative_doc(creative_folder, request.param))


def test_svg_renders_like_the_png_with_text_as_outlines(creative, renderer):
    pytest.importorskip("resvg_py")
    doc, assets = creative
    svg = export_svg(doc, assets, renderer)
    assert "<text" not in svg and 'aria-label="' in svg and f'viewBox="0 0 {doc.size[0]} {doc.size[1]}"' in svg
    assert next(x.lines[0] for x in doc.layers if x.role == "headline") in svg
    raster = rasterise_svg(svg)
    png = np.asarray(renderer.render(doc, assets).convert("RGB"))
    assert raster.shape == png.shape
    # Tolerance: resvg and FreeType anti-alias glyph edges differently (FreeType hints), so the
    # images are compared after a 1 px Gaussian blur; measured 0.4-3.4 on the demo creatives.
    assert _mean_abs(raster, png, blur=1.0) <= 4.0
    assert _mean_abs(raster, png) <= 6.0


def test_html5_zip_has_what_google_ads_and_the_iab_ask_for(creative, renderer):
    doc, assets = creative
    ad = export_html5_zip(doc, assets, CLICK, renderer=renderer)
    assert ad.fits and len(ad.data) <= 150_000 and ad.plays == 3
    with zipfile.ZipFile(io.BytesIO(ad.data)) as z:
        names = z.namelist()
        html = z.read("index.html").decode("utf-8")
    assert "index.html" in names and "bg.jpg" in names and len(names) <= 40
    assert html.startswith("<!DOCTYPE html>") and "<body>" in html
    assert f'<meta name="ad.size" content="width={doc.size[0]},height={doc.size[1]}">' in html
    head = html.split("</head>")[0]
    assert re.search(r'var clickTag = "https://shop\.example/espresso";', head)
    assert "window.open(window.clickTag)" in html
    assert all(re.search(rf'src="{re.escape(n)}"', html) for n in names if n != "index.html")  # every asset used, all local
    assert "http" not in html.replace(CLICK, "").replace("https?:", "")  # nothing loaded from outside


def test_click_urls_must_be_http():
    with pytest.raises(InputError, match="http"):
        from adcraft.export.html5 import check_click_url

        check_click_url("javascript:alert(1)")


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (apt-get install chromium)")
def test_html5_ad_in_chromium_renders_like_the_png_and_a_click_opens_the_clicktag(creative_folder, renderer, tmp_path):
    from playwright.sync_api import sync_playwright

    doc, assets = load_document_file(creative_doc(creative_folder, "300x250"))
    ad = export_html5_zip(doc, assets, CLICK, renderer=renderer)
    with zipfile.ZipFile(io.BytesIO(ad.data)) as z:
        z.extractall(tmp_path / "ad")
    png = np.asarray(renderer.render(doc, assets).convert("RGB"))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        context = browser.new_context(viewport={"width": 400, "height": 320})
        context.route("https://**/*", lambda route: route.fulfill(status=200, content_type="text/html", body="<p>landing</p>"))
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((tmp_path / "ad" / "index.html").as_uri())
        page.evaluate("document.getAnimations().forEach(a => { a.pause(); a.currentTime = 1300; })")  # mid build-up
        middle = np.asarray(Image.open(io.BytesIO(page.locator("#ad").screenshot())).convert("RGB"))
        page.evaluate("document.getAnimations().forEach(a => a.finish())")
        final = np.asarray(Image.open(io.BytesIO(page.locator("#ad").screenshot())).convert("RGB"))
        with context.expect_page() as popup:
            page.click("#ad")
        landing = popup.value
        landing.wait_for_load_state()
        opened = landing.url
        page.goto((tmp_path / "ad" / "index.html").as_uri() + "?clickTag=https%3A%2F%2Ftracker.example%2Fc%3Fid%3D7")
        with context.expect_page() as popup2:
            page.click("#ad")
        popup2.value.wait_for_load_state()
        overridden = popup2.value.url
        browser.close()
    assert errors == []
    assert final.shape == png.shape
    # Tolerance: the background is a JPEG (quality 85), sprites are the renderer's own pixels
    # composited by Chromium; measured mean 0.4 levels.
    assert _mean_abs(final, png) <= 2.0 and np.percentile(np.abs(final.astype(int) - png.astype(int)), 99) <= 24
    assert _mean_abs(middle, png) > 2.0  # it animates
    assert opened == CLICK
    assert overridden == "https://tracker.example/c?id=7"  # IAB: clickTag passed by the ad server


def test_gdn_delivery_keeps_every_byte_budget(creative_folder, renderer):
    doc, assets = load_document_file(creative_doc(creative_folder, "300x250"))
    files = deliver(doc, assets, DeliveryRequest(("jpeg", "png", "gif", "html5"), "gdn", CLICK), "mrec", renderer)
    assert [f.name for f in files] == ["mrec.jpg", "mrec.png", "mrec.gif", "mrec.zip"]
    for f in files:
        assert f.budget_bytes == 150_000 and f.fits and len(f.data) <= f.budget_bytes, f.name
    gif = Image.open(io.BytesIO(files[2].data))
    gif.seek(1)
    assert gif.info["duration"] >= 200  # Google Ads: animated GIFs at 5 fps or slower


def test_iab_budgets_are_per_size_and_meta_takes_the_story_video(creative_folder, renderer):
    assert PLATFORMS.get("iab").budget("gif", (320, 50)) == 50_000
    assert PLATFORMS.get("iab").budget("html5", (970, 250)) == 250_000
    doc, assets = load_document_file(creative_doc(creative_folder, "1080x1920"))
    files = deliver(doc, assets, DeliveryRequest((), "meta"), "story", renderer)
    assert [f.format for f in files] == ["jpeg", "mp4"] and all(f.fits for f in files)


def test_delivery_requests_are_checked_before_any_work(creative_folder):
    doc, assets = load_document_file(creative_doc(creative_folder, "1080x1920"))
    with pytest.raises(UnknownOptionError, match="gdn"):
        deliver(doc, assets, DeliveryRequest(("jpeg",), "tiktok"))
    with pytest.raises(InputError, match="does not take 1080x1920"):
        deliver(doc, assets, DeliveryRequest(("jpeg",), "gdn"))
    with pytest.raises(InputError, match="does not take mp4"):
        deliver(doc, assets, DeliveryRequest(("mp4",), "gdn"))
    with pytest.raises(InputError, match="click-url"):
        deliver(doc, assets, DeliveryRequest(("html5",)))
    with pytest.raises(InputError, match="unknown format"):
        deliver(doc, assets, DeliveryRequest(("tiff",)))


def test_still_quality_search_fits_the_budget_or_says_so_at_its_floor(creative_folder, renderer):
    doc, assets = load_document_file(creative_doc(creative_folder, "1080x1920"))
    rgb = renderer.render_rgb(doc, assets)
    fitted = fit_still(rgb, "jpeg", 150_000)
    assert fitted.fits and len(fitted.data) <= 150_000 and 60 <= int(fitted.setting.split()[-1]) <= 92
    bigger = fit_still(rgb, "jpeg", 400_000)
    assert int(bigger.setting.split()[-1]) >= int(fitted.setting.split()[-1])
    hopeless = fit_still(rgb, "webp", 8_000)
    assert not hopeless.fits and hopeless.setting == "quality 50" and len(hopeless.data) > 8_000


def test_cli_video_and_export(creative_folder, tmp_path, capsys):
    story = creative_doc(creative_folder, "1080x1920")
    mrec = creative_doc(creative_folder, "300x250")
    assert main(["video", str(story), "--duration", "6", "--out", str(tmp_path / "story.mp4"), "--preset", "ultrafast"]) == 0
    assert (tmp_path / "story.mp4").stat().st_size > 10_000
    assert main(["export", str(mrec), "--platform", "gdn", "--formats", "gif,html5,svg", "--click-url", CLICK,
                 "--out", str(tmp_path / "gdn")]) == 2  # gdn does not take SVG
    assert main(["export", str(mrec), "--platform", "gdn", "--click-url", CLICK, "--out", str(tmp_path / "gdn")]) == 0
    assert sorted(p.suffix for p in (tmp_path / "gdn").iterdir()) == [".gif", ".jpg", ".zip"]
    assert main(["export", str(mrec), "--formats", "svg,awebp", "--out", str(tmp_path / "any")]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert main(["video", str(bad)]) == 2
    assert "not a valid adcraft design document" in capsys.readouterr().err
