"""A document issued outside its förbund's lifetime (registry ``valid_from``/``valid_to``).

A förbund cannot issue a document before it exists: its own ``valid_from``, not its
predecessors' (a successor may report on their years, but it cannot have signed a document
then; "Samordningsförbundet Västmanland" minutes dated 2023 mean a wrong date or the wrong
issuer). After it ceases it issues only within a year's grace (its last annual report and audit
are adopted the following spring).
"""

from __future__ import annotations

import polars as pl

from finsam_data import fmt
from finsam_data.checks.core import CEASED_GRACE, Check, Tables, lifetimes, register


def find(tables: Tables) -> list[dict]:
    documents = tables["documents"]
    forbund = tables.get("forbund")
    life = lifetimes(forbund)
    if documents.height == 0 or life.height == 0:
        return []
    # the issuer's own start, not the one extended back over its predecessors
    own = forbund.select("forbund_id", pl.col("valid_from").alias("own_from"))
    life = life.join(own, on="forbund_id", how="left").with_columns(
        pl.col("own_from").alias("valid_from")
    ).drop("own_from")
    dated = documents.filter(
        documents["doc_date"].is_not_null() & documents["forbund_id"].is_not_null()
    ).join(life, on="forbund_id", how="inner")
    rows = []
    for row in dated.iter_rows(named=True):
        date, first, last = row["doc_date"], row["valid_from"], row["latest_date"]
        if first is None and last is None:
            continue  # the registry knows neither end: nothing to compare with
        early = (first - date).days if first and date < first else 0
        late = (date - last).days if last and date > last else 0
        if first and last:
            expected = f"{fmt.format_date(first)}–{fmt.format_date(last)}"
        elif first:
            expected = f"{fmt.format_date(first)} eller senare"
        else:
            expected = f"senast {fmt.format_date(last)}"
        when = (
            f"före förbundets start {fmt.format_date(first)}" if early
            else f"efter att förbundet upphörde {fmt.format_date(row['valid_to'])}"
        )  # fmt: skip
        rows.append(
            {
                "forbund_id": row["forbund_id"],
                "doc_id": row["doc_id"],
                "source": row["source"],
                "observed": fmt.format_date(date),
                "expected": expected,
                "when": when,
                "deviation": float(early + late),
                "tolerance": 0.0,
                "tolerance_text": (
                    f"{CEASED_GRACE.days} dagar efter upphörandet, för sista årsredovisningen"
                ),
                "facts": [f"{row['doc_id']}:doc_date:{date}:{row['forbund_id']}"],
            }
        )
    return rows


CHECK = register(
    Check(
        name="document_lifetime",
        label="Dokumentet är daterat utanför förbundets livstid",
        severity="warning",
        reads=("documents", "forbund"),
        measures=(),
        tolerance=f"Ingen före förbundets start; {CEASED_GRACE.days} dagar efter att det upphört.",
        message=(
            "{source} är daterat {observed}, {when}. Dokumentet kan vara felaktigt daterat eller "
            "knutet till fel förbund."
        ),
        find=find,
    )
)
