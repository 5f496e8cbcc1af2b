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


# --- projector and phone: every page at 1024 x 768 and 390 px ------------------------------------

TABLE_OVERFLOW = """(() => Array.from(document.querySelectorAll('div.finsam-table'))
  .map(d => { const t = d.querySelector('table');
    if (!t) { return null; }
    // The nearest box that would cut the table: the output area (it scrolls), else the page.
    const box = (d.closest('.jp-OutputArea-output') || document.body).getBoundingClientRect();
    const right = t.getBoundingClientRect().right;
    return {over: right - Math.min(d.getBoundingClientRect().right, box.right, window.innerWidth),
            caption: t.caption ? t.caption.textContent : ''}; })
  .filter(x => x && x.over > 1))()"""

PAGE_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"

SLIP_AXES = """(() => Array.from(document.querySelectorAll('.finsam-chart')).map(c => {
  const omitted = ((c.layout || {}).meta || {}).finsam_omitted || [];
  if (!omitted.length || !c._fullLayout) { return null; }
  const ranges = ['xaxis', 'yaxis'].map(k => c._fullLayout[k])
    .filter(a => a && a.type === 'linear').map(a => a.range);
  return {omitted: omitted, ranges: ranges};
}).filter(Boolean))()"""

SLIDE_TEXT_SIZES = """(() => {
  const slide = Reveal.getCurrentSlide();
  const scale = Reveal.getScale();
  const out = [];
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    if (!text) { continue; }
    const el = node.parentElement;
    if (el.closest('.modebar-container, .hoverlayer, style, script')) { continue; }
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) { continue; }  // not shown (folded, hidden)
    out.push([parseFloat(getComputedStyle(el).fontSize) * scale, text.slice(0, 40)]);
  }
  return out;
})()"""


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (390, 844)])
def test_every_page_fits_its_tables_at_projector_and_phone_width(site, width, height):
    from chromium_cdp import Browser

    out, results, shots, _ = site
    with Browser(width=width, height=height) as b:
        for r in pages(results, "report") + pages(results, "slides"):
            session, log = b.open(Path(r["path"]), settle=0.2)
            deck = r["kind"] == "slides"
            # A deck is slides at projector width and one page at phone width.
            flat = deck and width < 700
            if deck and not flat:
                b.wait_for(session, "typeof Reveal !== 'undefined' && Reveal.isReady()")
            else:
                b.wait_for(session, ALL_DRAWN)
            b.pump(0.3)
            b.screenshot(session, shots / f"{r['report']}-{r['kind']}-{width}.png",
                         full_page=not deck or flat)
            if flat:
                # readable: the deck is not scaled down, its headlines keep their size
                size = b.evaluate(session, "parseFloat(getComputedStyle("
                                           "document.querySelector('.reveal h2')).fontSize)")
                assert size >= 18, (r["report"], size)
            overflow = [] if deck and not flat else b.evaluate(session, TABLE_OVERFLOW)
            page_over = 0 if deck and not flat else b.evaluate(session, PAGE_OVERFLOW)
            b.close_tab(session)
            assert overflow == [], (r["report"], width, overflow)
            assert page_over <= 1, (r["report"], width, page_over)
            assert log.console_errors == [], (r["report"], log.console_errors)


def test_no_chart_scales_to_a_likely_unit_slip(site, browser):
    out, results, _, _ = site
    seen = 0
    for r in pages(results, "report"):
        session, _ = browser.open(Path(r["path"]), settle=0.2)
        browser.wait_for(session, ALL_DRAWN)
        charts = browser.evaluate(session, SLIP_AXES)
        browser.close_tab(session)
        for chart in charts:
            seen += 1
            smallest = min(chart["omitted"])
            for lo, hi in chart["ranges"]:
                assert max(abs(lo), abs(hi)) < smallest, (r["report"], chart)
    assert seen > 0  # the sample has a flagged unit slip in a chart


def test_every_slide_text_is_at_least_18_px_on_a_projector(site):
    from chromium_cdp import Browser

    out, results, shots, _ = site
    deck = pages(results, "slides")[0]
    with Browser(width=1024, height=768) as b:
        session, log = b.open(Path(deck["path"]), settle=0.2)
        b.wait_for(session, "typeof Reveal !== 'undefined' && Reveal.isReady()")
        total = b.evaluate(session, "Reveal.getTotalSlides()")
        assert 6 <= total <= 10
        small = []
        for i in range(total):
            b.evaluate(session, f"Reveal.slide({i}, 0)")
            b.pump(0.3)
            b.screenshot(session, shots / f"slide-1024-{i + 1}.png", full_page=False)
            sizes = b.evaluate(session, SLIDE_TEXT_SIZES)
            assert sizes, i
            small += [(i + 1, size, text) for size, text in sizes if size < 17.9]
        b.close_tab(session)
    assert small == []
