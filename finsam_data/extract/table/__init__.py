"""Tables in document text, whatever their layout, and the facts their cells state.

The table model, as named steps:

1. :func:`find_tables` (:mod:`.find`): lines of one layout (tab, markdown, space-aligned) →
   runs → rows; the **header band** above the first figures, however many lines it has
   (:mod:`.header`); column runs from PDF text (:mod:`.runs`); the caption above.
2. :func:`table_facts`: the table's context (caption and corner cell: its period and unit), then
   a money table (:mod:`.money`) or a people table (:mod:`.people`):

   - **column roles** (:mod:`.columns`): kind (utfall/bokslut → actual, budget, prognos →
     forecast, plan → budget for its year, avvikelse → deviation, äskat → request, beviljat →
     grant, förslag → proposal, bidrag/avgift → allocation, not → dropped), period (a year,
     ``jan–aug 2025``, ``2024-12-31``, ``helår``) and unit (the header's, the caption's or a
     note's: ``(kkr)``, ``Belopp i tkr``);
   - **row roles** (:mod:`.rows`): line, section, total (``Summa``), result (``Årets
     resultat``), equity, ``varav`` part;
   - each cell → a :class:`TableFact` from its column's role and its row's subject, with
     ``scale`` and ``unit_word``.

The cue words are data: ``registry/table_cues.yml`` (:mod:`.cues`).
"""

from __future__ import annotations

import re

from finsam_data.extract.table import cues
from finsam_data.extract.table.columns import MONEY_HEAD, scale_of, unit_note_above
from finsam_data.extract.table.find import find_tables
from finsam_data.extract.table.model import Cell, Period, Row, Table, TableFact, cell_amount
from finsam_data.extract.table.money import money_facts
from finsam_data.extract.table.people import people_facts
from finsam_data.extract.table.rows import BALANCE, RESULT, TOTAL_COST, TOTAL_INCOME
from finsam_data.text.periods import find_periods, year

__all__ = ["Cell", "Row", "Table", "TableFact", "cell_amount", "find_tables", "table_facts"]


def table_facts(
    text: str, table: Table, table_id: str, base_period: Period, ref_year: int | None
) -> list[TableFact]:
    """The facts a table states; ``base_period`` applies where neither a column header nor
    the caption names a period."""
    heads = table.heads
    first_head = table.corner
    context = " ".join([table.caption, first_head]).strip()
    caption_periods = find_periods(context, ref_year)
    table_period = (
        (caption_periods[0].start, caption_periods[0].end) if caption_periods else base_period
    )
    if not caption_periods:
        # a title that ends in one bare year ("Insatserna i siffror 2024", "Nyckeltal 2023")
        # or names one year among its sentences ("Tabell 2. Driftredovisning 2024. Belopp i tkr.")
        m = _TITLE_YEAR.search(table.caption)
        years = set(_CAPTION_YEAR.findall(table.caption))
        if m and len(years) == 1:
            table_period = year(int(m.group(1)))
        elif cues.is_caption(table.caption) and len(years) == 1:
            table_period = year(int(next(iter(years))))
    if _is_money(table, heads, context):
        hint = None
        if scale_of(context) is None and scale_of(" ".join(heads.values())) is None:
            hint = unit_note_above(text, table.start)
        facts = money_facts(table, table_id, heads, context, table_period, ref_year, hint)
    else:
        facts = people_facts(table, table_id, heads, context, table_period, ref_year)
    # trim the quote span to the visible line (no trailing blanks)
    for f in facts:
        line = text[f.row.start : f.row.end]
        f.row.end = f.row.start + len(line.rstrip())
    return facts


def _is_money(table: Table, heads: dict[int, str], context: str) -> bool:
    if any(MONEY_HEAD.search(h) for h in heads.values()):
        return True
    if any(a.unit == "SEK" for r in table.body for a in r.amounts.values()):
        return True
    labels = [r.label for r in table.body]
    if any(
        RESULT.search(lbl) or TOTAL_COST.search(lbl) or TOTAL_INCOME.search(lbl) for lbl in labels
    ):
        return True
    # a caption that names a money unit ("Belopp i kronor") or a financial statement
    return scale_of(context) is not None or bool(BALANCE.search(context))


_CAPTION_YEAR = re.compile(r"(?<![\d\-/.:])((?:19|20)\d\d)(?![\d\-/:])")


_TITLE_YEAR = re.compile(r"(?<![\d\-/.:])((?:19|20)\d\d)\W*$")
