"""End to end: invisible characters in a förbund's name do not change the issuer, and a
document dated before its förbund existed is a validation finding (issue #11)."""

import json

from finsam_data import build
from finsam_data.log import Reporter

_MINUTES = """{name}
Protokoll från styrelsesammanträde 2023-05-25

Närvarande ledamöter
Anna Ek, ordförande
Bo Lind, ledamot

§ 1 Val av justerare
Styrelsen väljer Bo Lind att justera protokollet.

§ 2 Ekonomisk rapport
Kostnaderna uppgår till 1 200 tkr.
"""


def _build(tmp_path, files: dict[str, str]):
    src = tmp_path / "src"
    src.mkdir()
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build.run(build.Options(sources=[src], out=out, stages=("ingest", "validate")),
              Reporter(verbosity=0, tty=False))
    return out


def test_soft_hyphen_and_zero_width_characters_keep_the_issuer(tmp_path):
    import polars as pl

    out = _build(tmp_path, {
        "a.txt": _MINUTES.format(name="Norra Väst\u00admanlands Samordnings\u200bförbund"),
        "b.txt": _MINUTES.format(name="Norra Västman\u200dlands Samordningsförbund")
        .replace("1 200", "1 300"),
    })
    docs = pl.read_parquet(out / "data" / "documents.parquet")
    assert set(docs["forbund_id"]) == {"norra-vastmanland"}
    assert all("\u00ad" in t or "\u200d" in t for t in docs["text"])  # text kept as read


def test_a_document_dated_before_its_forbund_existed_is_a_finding(tmp_path):
    out = _build(tmp_path, {"c.txt": _MINUTES.format(name="Samordningsförbundet Västmanland")})
    summary = json.loads((out / "validation" / "summary.json").read_text(encoding="utf-8"))
    found = [f for f in summary["findings"] if "document_lifetime" in f["expectation"]]
    assert found and found[0]["forbund_id"] == "vastmanland"
