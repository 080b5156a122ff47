"""End-to-end: the pages in a real headless Chromium (Debian's ``chromium``, driven by
Playwright with ``executable_path``; no browser download). Skipped with a message when
Playwright or the browser is missing. Screenshots go to out/screenshots/."""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from test_web_api import build_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[1] / "out" / "screenshots"


def chromium_path() -> str | None:
    for name in (os.environ.get("READOUT_CHROMIUM"), "/usr/bin/chromium", "chromium",
                 "chromium-browser"):
        if name and (Path(name).is_file() or shutil.which(name)):
            return name if Path(name).is_file() else shutil.which(name)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from readout.web.app import create_app

    db = build_store(tmp_path_factory.mktemp("browser") / "web.duckdb")
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed "
                                   "(pip install playwright; no `playwright install` needed)")
    path = chromium_path()
    if not path:
        pytest.skip("no Chromium found (apt-get install chromium, or set READOUT_CHROMIUM)")
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Exception as exc:  # a browser that will not start: say why
            pytest.skip(f"Chromium at {path} did not start: {exc}")
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_overview_draws_its_charts(server, page):
    page.goto(server + "/")
    page.wait_for_selector("#quad-chart.ready svg")
    assert page.locator("#quad-chart svg rect.bar").count() == 4
    page.wait_for_selector("#timeline.ready svg")
    assert page.locator("#timeline svg rect.bar").count() >= 3
    shot(page, "overview")


def test_the_dyad_chart_renders_toggles_to_shares_and_zooms(server, page):
    page.goto(server + "/")
    page.select_option("#pick-a", "RUS")
    page.select_option("#pick-b", "CHN")
    page.click("form.picker button[type=submit]")
    page.wait_for_selector("#timeline.ready svg")
    assert "a=RUS" in page.url and "b=CHN" in page.url
    assert page.locator("#timeline svg rect.bar").count() == 3  # three summits, three weeks
    assert page.locator("#timeline svg .goldstein-line").count() == 1
    assert page.locator("#events-table tbody tr").count() == 3
    page.click("[data-scale-set=share]")
    assert "scale=share" in page.url
    assert page.locator("#timeline svg text", has_text="share of all events").count() == 1
    shot(page, "dyad")
    for _attempt in range(3):  # a redraw between mouse-down and mouse-up (a busy machine) loses a drag
        page.wait_for_selector("#timeline.ready svg", state="visible")
        box = None
        for _ in range(50):  # the chart may still be re-drawing after the toggle
            box = page.locator("#timeline svg").bounding_box()
            if box:
                break
            page.wait_for_timeout(100)
        assert box, "the dyad chart never became visible"
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + 60, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)
        page.mouse.up()
        try:
            page.wait_for_url("**until=*", timeout=10_000)
            break
        except Exception:  # playwright's TimeoutError: try the drag again
            continue
    else:
        pytest.fail("dragging across the dyad chart never zoomed it (3 tries)")
    page.wait_for_selector("#timeline.ready svg")
    assert "since=2024-03-04" in page.url and "scale=share" in page.url
    assert page.locator("#events-table tbody tr").count() < 3
    assert page.locator(".reset-zoom").is_visible()
    shot(page, "dyad-zoomed")


def test_a_taller_window_keeps_the_chart_and_a_wider_one_redraws_it(server, page):
    page.goto(server + "/dyad?a=CHN&b=RUS")
    page.wait_for_selector("#timeline.ready svg")
    page.evaluate("document.querySelector('#timeline svg').dataset.mark = 'first'")
    page.set_viewport_size({"width": 1300, "height": 1400})  # taller only: same chart
    page.wait_for_timeout(500)
    assert page.evaluate("document.querySelector('#timeline svg').dataset.mark") == "first"
    page.set_viewport_size({"width": 1000, "height": 1400})  # narrower: drawn again to fit
    page.wait_for_function("!document.querySelector('#timeline svg').dataset.mark")
    assert page.locator("#timeline svg rect.bar").count() >= 1


def test_a_chart_exports_itself_as_svg_and_png(server, page):
    page.goto(server + "/dyad?a=CHN&b=RUS")
    page.wait_for_selector("#timeline.ready svg")
    with page.expect_download() as svg:
        page.click("#timeline [data-export=svg]")
    assert svg.value.suggested_filename.endswith(".svg")
    assert "<svg" in Path(svg.value.path()).read_text()
    with page.expect_download() as png:
        page.click("#timeline [data-export=png]")
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_filters_change_the_events_table(server, page):
    page.goto(server + "/events")
    rows = page.locator("#events-table tbody tr")
    assert rows.count() == 5
    page.select_option("select[name=quad]", "4")
    page.click("#event-filters button[type=submit]")
    page.wait_for_url("**quad=4*")
    assert rows.count() == 1 and "shelled" in rows.first.inner_text()
    assert "actor=" not in page.url  # empty fields stay out of the shared URL
    page.goto(server + "/events?actor=CHN&q=Moscow")
    assert rows.count() == 3
    page.wait_for_selector("#timeline.ready svg")
    shot(page, "events")


def test_a_highlight_opens_its_record(server, page):
    page.goto(server + "/article/w1")
    page.click("#article-body .k-event >> text=met")
    panel = page.locator("#record-panel")
    assert "Event E1" in panel.inner_text() and "042" in panel.inner_text()
    assert page.url.endswith("#E1")
    page.click("#article-body [data-refs=N0]")
    assert "Quantity N0" in panel.inner_text() and "USD" in panel.inner_text()
    shot(page, "article")
    page.goto(server + "/article/w1#Q1")  # a shared link opens its record
    assert "Quote Q1" in panel.inner_text() and "told" in panel.inner_text()


def test_quote_search_finds_the_words(server, page):
    page.goto(server + "/quotes")
    page.fill("input[name=q]", "irresponsible")
    page.click("#quote-filters button[type=submit]")
    page.wait_for_url("**q=irresponsible*")
    rows = page.locator("#quotes-table tbody tr")
    assert rows.count() == 1 and "spokesman" in rows.first.inner_text()
    shot(page, "quotes")
