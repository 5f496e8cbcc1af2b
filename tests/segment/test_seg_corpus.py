"""The issue's acceptance on the bundled seed documents, through the public entry point."""

from pathlib import Path

import polars as pl
import pytest
import yaml

from finsam_data import schema
from finsam_data.model import Document
from finsam_data.segment import segment

_ROOT = Path(__file__).resolve().parents[2]
_CORPUS = next(
    (d for d in (_ROOT / "finsam_data" / "corpus", Path("/work/shared/seeds")) if d.is_dir()),
    None,
)


def _documents() -> list[Document]:
    if _CORPUS is None:
        pytest.skip("no seed corpus")
    docs = []
    for path in sorted(_CORPUS.glob("*.txt")):
        meta_path = path.with_suffix(".meta.yml")
        meta = yaml.safe_load(meta_path.read_text()) if meta_path.exists() else {}
        docs.append(
            Document(
                doc_id=path.stem,
                source=path.name,
                text=path.read_text(encoding="utf-8"),
                forbund_id=meta.get("forbund_id"),
                doc_kind=meta.get("doc_kind", "other"),
                doc_date=meta.get("date"),
            )
        )
    return docs


@pytest.fixture(scope="module")
def segmented():
    docs = _documents()
    segs = [segment(d) for d in docs]
    return {
        name: pl.concat([getattr(s, name) for s in segs])
        for name in ("meetings", "attendance", "items", "decisions")
    } | {"docs": docs, "segs": segs}


def test_four_meetings_with_13_8_12_and_5_items(segmented):
    meetings = segmented["meetings"].sort("meeting_date")
    assert meetings.height == 4
    counts = (
        segmented["items"].group_by("doc_id").len().join(meetings, on="doc_id").sort("meeting_date")
    )
    assert sorted(counts["len"].to_list()) == [5, 8, 12, 13]
    assert segmented["items"].height == 38
    # every meeting's items run without gaps through its stated paragraph range
    for row in meetings.iter_rows(named=True):
        nos = segmented["items"].filter(pl.col("doc_id") == row["doc_id"])["item_no"].to_list()
        assert nos == list(range(row["first_item"], row["last_item"] + 1))


def test_voting_members_8_10_6_and_7(segmented):
    voting = segmented["attendance"].filter(pl.col("voting")).group_by("meeting_date").len()
    assert sorted(voting["len"].to_list()) == [6, 7, 8, 10]


def test_at_least_30_decisions_each_with_a_kind(segmented):
    decisions = segmented["decisions"]
    assert decisions.height >= 30
    assert decisions["kind"].is_in(list(schema.DECISION_KINDS)).all()
    assert set(decisions["kind"]) >= {"approve", "grant", "defer", "refer_back", "elect", "mandate"}


def test_report_gives_sections_only(segmented):
    for doc, seg in zip(segmented["docs"], segmented["segs"], strict=True):
        if doc.doc_kind != "protokoll":
            assert seg.meetings.height == 0 and len(seg.sections) > 5


def test_offsets_point_into_the_documents(segmented):
    texts = {d.doc_id: d.text for d in segmented["docs"]}
    for row in segmented["decisions"].iter_rows(named=True):
        assert texts[row["doc_id"]][row["char_start"] : row["char_end"]] == row["text"]
    for row in segmented["items"].iter_rows(named=True):
        span = texts[row["doc_id"]][row["char_start"] : row["char_end"]]
        assert row["text"] and "Utdragsbestyrkande" not in row["text"]
        assert "Sammanträdesdatum" not in row["text"]
        assert row["text"].split()[0] in span


def test_frames_have_the_contract_schemas(segmented):
    for name in ("meetings", "attendance", "items", "decisions"):
        assert segmented[name].schema == schema.TABLES[name]
