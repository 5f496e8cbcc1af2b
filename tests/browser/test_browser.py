"""Every rendered report, deck and the landing page in headless Debian Chromium with all network
requests blocked: charts drawn, no console errors, no outside requests, Swedish numbers.

Screenshots go to ``$FINSAM_SCREENSHOTS`` (or the test's temp folder) for a person to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from finsam_data.render import chromium

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(chromium() is None,
                       reason="Debian chromium saknas (/usr/bin/chromium): apt-get install chromium"),
]

NBSP = "\u00a0"
# A value-axis tick the English/plotly-default way: 1,234 or 1.2M / 2k.
ENGLISH_TICK = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?[kMG]$")
SWEDISH_GROUPED = re.compile(r"\d{1,3}(\u00a0\d{3})+")

ALL_DRAWN = """Array.from(document.querySelectorAll('.finsam-chart'))
  .every(c => c.querySelector('.main-svg'))"""

CHART_STATE = """(() => {
  const charts = Array.from(document.querySelectorAll('.finsam-chart'));
  return {
    charts: charts.length,
    drawn: charts.filter(c => c.querySelector('.main-svg') && c.querySelector('.cartesianlayer')).length,
    bars: document.querySelectorAll('.finsam-chart .barlayer .point, .finsam-chart .scatterlayer .trace').length,
    ticks: Array.from(document.querySelectorAll('.finsam-chart .ytick text, .finsam-chart .xtick text'))
      .map(t => t.textContent),
    labels: Array.from(document.querySelectorAll('.finsam-chart .bartext, .finsam-chart .textpoint'))
      .map(t => t.textContent),
    text: document.body.innerText,
  };
})()"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from render_sample_data import rendered_sample

    out, results = rendered_sample(tmp_path_factory)
    # Screenshots for a person to look at: whole pages when FINSAM_SCREENSHOTS names a folder
    # (CI keeps it as an artefact), else the first screen only, in the test's temp folder.
    wanted = os.environ.get("FINSAM_SCREENSHOTS")
    shots = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    return out, results, shots, bool(wanted)


@pytest.fixture(scope="module")
def browser():
    from chromium_cdp import Browser

    with Browser() as b:
        yield b


def pages(results, kind):
    return [r for r in results if r["ok"] and r["kind"] == kind]


def test_every_report_draws_its_charts_offline(site, browser):
    out, results, shots, full = site
    reports = pages(results, "report")
    assert len(reports) >= 7
    total_charts = 0
    for r in reports:
        session, log = browser.open(Path(r["path"]), settle=0.2)
        browser.wait_for(session, ALL_DRAWN)
        browser.pump(0.3)  # late console errors
        state = browser.evaluate(session, CHART_STATE)
        browser.screenshot(session, shots / f"{r['report']}.png", full_page=full)
        raw_script = browser.evaluate(session, "document.body.innerHTML.includes('<script>alert')")
        browser.close_tab(session)
        # A document's "<script>alert(...)" must show as text: no dialog, no element.
        assert not raw_script, r["report"]
        assert log.console_errors == [], (r["report"], log.console_errors)
        assert log.outside_requests == [], (r["report"], log.outside_requests)
        assert state["drawn"] == state["charts"], r["report"]
        if state["charts"]:
            assert state["bars"] > 0, r["report"]
        total_charts += state["charts"]
        english = [t for t in state["ticks"] if ENGLISH_TICK.match(t)]
        assert english == [], (r["report"], english)
    assert total_charts >= 15


def test_swedish_numbers_are_visible(site, browser):
    out, results, _, _ = site
    session, log = browser.open(out / "jamfor_finansiering.html", settle=0.2)
    browser.wait_for(session, ALL_DRAWN)
    state = browser.evaluate(session, CHART_STATE)
    browser.close_tab(session)
    grouped = [t for t in state["ticks"] if SWEDISH_GROUPED.fullmatch(t)]
    assert grouped, state["ticks"]  # axis ticks like "2 000 000"
    assert f"2{NBSP}500{NBSP}000{NBSP}kr" in state["text"]  # table cells
    assert any(re.fullmatch(r"(ca )?\d+,\d\u00a0mnkr", t) for t in state["labels"]), state["labels"]
    session, _ = browser.open(out / "jamfor_utfall.html", settle=0.2)
    browser.wait_for(session, ALL_DRAWN)
    state = browser.evaluate(session, CHART_STATE)
    browser.close_tab(session)
    assert any(t.endswith(f"{NBSP}%") for t in state["ticks"]), state["ticks"]


def test_the_deck_shows_a_chart_on_every_chart_slide(site, browser):
    out, results, shots, _ = site
    decks = pages(results, "slides")
    assert [d["report"] for d in decks] == ["styrelse"]
    session, log = browser.open(Path(decks[0]["path"]), settle=0.2)
    browser.wait_for(session, "typeof Reveal !== 'undefined' && Reveal.isReady()")
    total = browser.evaluate(session, "Reveal.getTotalSlides()")
    assert total >= 6
    drawn_slides = 0
    for i in range(total):
        browser.evaluate(session, f"Reveal.slide({i}, 0)")
        browser.pump(0.15)
        state = browser.evaluate(session, """(() => {
          const s = Reveal.getCurrentSlide();
          const charts = s.querySelectorAll('.finsam-chart');
          const drawn = Array.from(charts).filter(c => c.querySelector('.main-svg'));
          const w = drawn.map(c => c.getBoundingClientRect().width);
          return {charts: charts.length, drawn: drawn.length, minWidth: Math.min(...w, 9999)};
        })()""")
        browser.screenshot(session, shots / f"styrelse-slide-{i + 1}.png", full_page=False)
        assert state["drawn"] == state["charts"], (i, state)
        if state["charts"]:
            assert state["minWidth"] > 300, (i, state)
            drawn_slides += 1
    browser.close_tab(session)
    assert drawn_slides >= 4
    assert log.console_errors == [] and log.outside_requests == []


def test_landing_page_links_every_page(site, browser):
    out, results, shots, _ = site
    session, log = browser.open(out / "index.html", settle=0.2)
    links = browser.evaluate(
        session, "Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))")
    browser.screenshot(session, shots / "index.png")
    browser.close_tab(session)
    for r in results:
        if r["ok"]:
            assert Path(r["path"]).name in links
    assert log.console_errors == [] and log.outside_requests == []
