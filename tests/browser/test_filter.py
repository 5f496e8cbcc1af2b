"""The förbund filter of a comparison page for seventy förbund, in headless Debian Chromium with
the network blocked: all förbund, one län and a search redraw the ranked charts and hide table
rows, with no console error and nothing fetched."""

from __future__ import annotations

import json

import pytest

from finsam_data.render import chromium

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(chromium() is None,
                       reason="Debian chromium saknas (/usr/bin/chromium): apt-get install chromium"),
]

STATE = """(() => {
  const gd = Array.from(document.querySelectorAll('.finsam-chart'))
    .find(c => c.layout && c.layout.meta && c.layout.meta.finsam_rank);
  const rows = Array.from(document.querySelectorAll(
    'div.finsam-table[data-finsam-filter] tbody tr'));
  const shown = rows.filter(r => r.offsetParent !== null);
  return JSON.stringify({
    bars: gd.querySelectorAll('.barlayer .point').length,
    labels: Array.from(gd.querySelectorAll('.ytick text')).map(t => t.textContent),
    height: gd.layout.height,
    cuts: (gd.layout.shapes || []).length,
    subtitle: gd.layout.title.subtitle.text,
    rows: rows.length,
    shown: shown.length,
    counties: Array.from(new Set(shown.map(r => r.getAttribute('data-lan')))),
    names: Array.from(new Set(shown.map(r => r.getAttribute('data-forbund')))),
    status: document.querySelector('.finsam-filter-status').textContent,
    injected: document.body.innerHTML.includes('<script>alert'),
  });
})()"""


def choose(view: str = "topp", query: str = "") -> str:
    return f"""(() => {{
  const f = document.querySelector('form[data-finsam-filter-form]');
  f.elements.visa.value = {json.dumps(view)};
  f.elements.sok.value = {json.dumps(query)};
  f.dispatchEvent(new Event('input'));
  return true;
}})()"""


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from many_forbund_data import write_many

    from finsam_data import render

    out = tmp_path_factory.mktemp("many-filter")
    write_many(out)
    results = render.render_reports(out / "data", out, jobs=1, on_progress=lambda _: None,
                                    only=["jamfor_utfall"])
    assert all(r["ok"] for r in results), results
    return out / "jamfor_utfall.html"


def test_the_filter_shows_all_one_county_or_a_search(page):
    from chromium_cdp import Browser

    with Browser() as browser:
        session, log = browser.open(page, settle=0.3)
        browser.wait_for(session, "Array.from(document.querySelectorAll('.finsam-chart'))"
                                  ".every(c => c.querySelector('.main-svg'))")

        def state(expression: str | None = None) -> dict:
            if expression:
                browser.evaluate(session, expression)
                browser.pump(0.5)
            return json.loads(browser.evaluate(session, STATE))

        first = state()
        assert first["bars"] == 20 and "10 högsta och 10 lägsta av 70" in first["subtitle"]
        assert first["shown"] == first["rows"] and first["status"] == ""
        assert first["cuts"] == 1  # the dashed line where the middle is left out

        every = state(choose("alla"))
        assert every["bars"] == 70 and every["height"] > first["height"]
        assert every["subtitle"].startswith("Alla 70 förbund") and every["cuts"] == 0

        county = state(choose("lan:Norrlands län"))
        assert county["bars"] == 18 and county["counties"] == ["Norrlands län"]
        assert county["status"] == "18 av 70 förbund"

        unknown = state(choose("lan:Län okänt"))
        assert unknown["bars"] == 17 and unknown["counties"] == ["Län okänt"]

        search = state(choose("topp", "ort 05"))
        assert search["bars"] == 1 and search["names"] == ["Ort 05"]
        assert search["labels"] == ["Ort 05 (2024)"]

        hostile = state(choose("alla", "skript"))
        assert hostile["bars"] == 1 and not hostile["injected"]

        back = state(choose("topp", ""))
        assert back["bars"] == 20 and back["shown"] == back["rows"] and back["cuts"] == 1
        browser.close_tab(session)
    assert log.console_errors == []
    assert log.outside_requests == []
