"""Money tables (budget, utfall, prognos, avvikelse; resultat- and balansräkning): each cell a fact
from its column's role and its row's role.

The steps, in order (:meth:`MoneyTable.facts`)::

    column_roles → row_kinds → sign_convention → resolve_lines → row_hierarchy
                 → result_orientation → deviation_orientation → cells_to_facts

Money values come out positive with the direction in the measure; ``*_result`` is income minus
costs and a deviation actual (or forecast) minus budget, whatever sign the table wrote.
"""

from __future__ import annotations

from typing import Any

from finsam_data.extract import classify as cl
from finsam_data.extract.table.columns import ColumnRole, column_roles, money_kind, precision
from finsam_data.extract.table.model import Period, Row, Table, TableFact
from finsam_data.extract.table.rows import BALANCE, row_hierarchy, row_kinds, row_period
from finsam_data.text.numbers import Amount

_LINES = ("cost", "total_cost", "income", "total_income")


def money_facts(
    table: Table,
    table_id: str,
    heads: dict[int, str],
    context: str,
    table_period: Period,
    ref_year: int | None,
    scale_hint: tuple[float, str] | None = None,
) -> list[TableFact]:
    """The facts of a money table (see the module docstring for the steps)."""
    return MoneyTable(table, table_id, heads, context, table_period, ref_year, scale_hint).facts()


class MoneyTable:
    """One money table on its way to facts; each step is a method named for what it reads."""

    def __init__(
        self,
        table: Table,
        table_id: str,
        heads: dict[int, str],
        context: str,
        table_period: Period,
        ref_year: int | None,
        scale_hint: tuple[float, str] | None,
    ):
        self.table = table
        self.body = table.body
        self.table_id = table_id
        self.heads = heads
        self.context = context
        self.ref_year = ref_year
        caption_kind = money_kind(context)
        # a caption that names the measure of the cost lines ("Beviljade medel 2025")
        self.caption_measure = None
        if caption_kind is None:
            c = cl.classify_money(context, "", context)
            if c.measure in ("request", "grant", "allocation", "fee", "grant_proposal"):
                self.caption_measure = c.measure
        self.value_cols = sorted({c for r in self.body for c in r.amounts})
        self.roles: dict[int, ColumnRole] = column_roles(
            heads, self.value_cols, context, table_period, ref_year, scale_hint
        )
        self.kind = {c: self.roles[c].kind or caption_kind or "actual" for c in self.value_cols}
        self.measure = {c: r.measure for c, r in self.roles.items() if r.measure}
        # columns of kronor (not a count or a share beside them)
        self.money_cols = {c for c, r in self.roles.items() if not (r.count or r.percent)}

    # -- helpers ---------------------------------------------------------------------------

    def val(self, row: Row, c: int) -> float:
        """The cell in kronor, signed as written."""
        a = row.amounts[c]
        return a.value if a.unit == "SEK" else a.value * self.roles[c].scale

    def cell_unit(self, c: int, a: Amount) -> dict[str, Any]:
        """scale and unit word of a cell: its own unit ("120 tkr") or its column's."""
        if a.unit == "SEK":
            return {}
        return {"scale": self.roles[c].scale, "unit_word": self.roles[c].unit_word}

    # -- the steps -------------------------------------------------------------------------

    def facts(self) -> list[TableFact]:
        self.kinds = row_kinds(self.body)
        self.convention = self.sign_convention()
        self.resolve_lines()
        self.subjects, self.parents = row_hierarchy(self.body)
        self.flip_result, self.default_flip = self.result_orientation()
        self.dev_flip, self.default_dev_flip = self.deviation_orientation()
        return self.cells_to_facts()

    def sign_convention(self) -> str:
        """``income_negative``, ``cost_negative`` or ``positive``: how the table signs its
        lines, read from the rows whose label says what they are."""

        def signs(kind: str) -> tuple[int, int]:
            neg = pos = 0
            for row, k in zip(self.body, self.kinds, strict=True):
                if k == kind:
                    for c in self.money_cols & row.amounts.keys():
                        v = self.val(row, c)
                        neg += v < 0
                        pos += v > 0
            return neg, pos

        inc_neg, inc_pos = signs("income")
        tin_neg, tin_pos = signs("total_income")
        inc_neg, inc_pos = inc_neg + 2 * tin_neg, inc_pos + 2 * tin_pos
        cost_neg, cost_pos = signs("cost")
        tc_neg, tc_pos = signs("total_cost")
        line_neg, line_pos = signs("line")
        if inc_neg > inc_pos:
            return "income_negative"
        if cost_neg + tc_neg > cost_pos + tc_pos or (inc_pos and line_neg > line_pos):
            return "cost_negative"
        return "positive"

    def resolve_lines(self) -> None:
        """Rows of no known role become costs or income by the table's sign convention; a
        lone ``Summa`` totals the rows above it (costs unless all of them are income)."""
        for idx, (row, k) in enumerate(zip(self.body, self.kinds, strict=True)):
            if k != "line":
                continue
            money = self.money_cols & row.amounts.keys()
            nonzero = [self.val(row, c) for c in money if self.val(row, c) != 0]
            neg = sum(v < 0 for v in nonzero)
            if self.convention == "income_negative" and nonzero:
                self.kinds[idx] = "income" if neg * 2 > len(nonzero) else "cost"
            elif self.convention == "cost_negative" and nonzero:
                self.kinds[idx] = "cost" if neg * 2 > len(nonzero) else "income"
            else:
                self.kinds[idx] = "cost"
        line_kinds = {k for k in self.kinds if k in ("cost", "income")}
        total = "total_income" if line_kinds == {"income"} else "total_cost"
        self.kinds = [total if k == "grand_total" else k for k in self.kinds]

    def result_orientation(self) -> tuple[dict[int, bool], bool]:
        """Per column, whether the result row is written costs minus income (to be flipped),
        checked against the column's own totals; the majority for columns without."""
        flip_result: dict[int, bool] = {}
        for c in self.value_cols:
            costs = incomes = result = None
            tol = 2 * self.roles[c].scale
            for row, k in zip(self.body, self.kinds, strict=True):
                if c not in row.amounts:
                    continue
                if k == "total_cost":
                    costs = abs(self.val(row, c))
                elif k == "total_income":
                    incomes = abs(self.val(row, c))
                elif k == "result":
                    result = self.val(row, c)
                    if row.amounts[c].unit != "SEK":
                        # two units of the last digit written (rounded lines, in the scale)
                        tol = 2 * precision(row.amounts[c].raw) * self.roles[c].scale
            if costs is None:
                costs = self._sum_lines(c, "cost")
            if incomes is None:
                incomes = self._sum_lines(c, "income")
            if result is None:
                continue
            if abs(result - (incomes - costs)) <= tol:
                flip_result[c] = False
            elif abs(result - (costs - incomes)) <= tol:
                flip_result[c] = True
        default = self.convention == "income_negative"
        if flip_result:
            votes = list(flip_result.values())
            default = sum(votes) * 2 > len(votes)
        return flip_result, default

    def _sum_lines(self, c: int, kind: str) -> float:
        return sum(
            abs(self.val(r, c))
            for r, k, p in zip(self.body, self.kinds, self.parents, strict=True)
            if k == kind and p is None and c in r.amounts
        )

    def deviation_orientation(self) -> tuple[dict[int, bool], bool]:
        """Per row, whether the deviation is written budget minus actual (to be flipped): the
        contract wants actual (or forecast) minus budget. Read from the row's own budget and
        actual figures; the majority of cost rows for rows without."""
        kind = self.kind
        budget_col = next((c for c in self.value_cols if kind[c] == "budget"), None)
        actual_col = next((c for c in self.value_cols if kind[c] in ("actual", "forecast")), None)
        dev_flip: dict[int, bool] = {}
        if budget_col is not None and actual_col is not None:
            for idx, (row, k) in enumerate(zip(self.body, self.kinds, strict=True)):
                devs = [c for c in row.amounts if kind[c].endswith("_deviation")]
                if not devs or budget_col not in row.amounts or actual_col not in row.amounts:
                    continue
                b, a_ = self.val(row, budget_col), self.val(row, actual_col)
                if k == "result":
                    flip = self.flip_result.get(budget_col, self.default_flip)
                    b, a_ = (-b, -a_) if flip else (b, a_)
                elif k != "equity_change":
                    b, a_ = abs(b), abs(a_)
                expected = a_ - b
                written = self.val(row, devs[0])
                dev = row.amounts[devs[0]]
                # within 1.5 units of the last digit written: a deviation of 0,1 mnkr must
                # not match its own opposite
                unit = precision(dev.raw) if dev.unit != "SEK" else 1.0
                tol = 1.5 * unit * self.roles[devs[0]].scale
                if expected and abs(written - expected) <= tol:
                    dev_flip[idx] = False
                elif expected and abs(written + expected) <= tol:
                    dev_flip[idx] = True
        votes = [f for i, f in dev_flip.items() if self.kinds[i] in ("cost", "total_cost", "line")]
        return dev_flip, bool(votes) and sum(votes) * 2 > len(votes)

    def cells_to_facts(self) -> list[TableFact]:
        """Each value cell a fact: measure from row role × column role, subject from the row."""
        facts: list[TableFact] = []
        heads = " ".join(self.heads.values())
        balance = (
            bool(BALANCE.search(self.context + " " + heads))
            or sum(bool(BALANCE.search(r.label)) for r in self.body) >= 2
        )
        self.closed: dict[tuple[int, str], int] = {}  # (column, family) -> groups closed
        rows = zip(self.body, self.kinds, self.subjects, self.parents, strict=True)
        for idx, (row, k, subject, parent) in enumerate(rows):
            if k == "header":
                continue
            for c, a in sorted(row.amounts.items()):
                if balance and k != "equity":
                    # a balance sheet: only eget kapital is in the vocabulary; the rest is
                    # kept as stated amounts, outside any group (assets are not costs)
                    facts.append(self._stated(row, c, a, subject))
                    continue
                fact = self._other_unit(row, k, c, a, subject)
                facts.append(fact or self._money(idx, row, k, c, a, subject, parent))
        return facts

    def _stated(self, row: Row, c: int, a: Amount, subject: str | None) -> TableFact:
        return TableFact(
            "other_amount",
            float(abs(self.val(row, c))),
            "SEK",
            a.qualifier,
            a.raw,
            row,
            subject,
            period=self.roles[c].period,
            **self.cell_unit(c, a),
        )

    def _other_unit(
        self, row: Row, k: str, c: int, a: Amount, subject: str | None
    ) -> TableFact | None:
        """A cell that is not kronor: a share or a count in a money table's column."""
        role = self.roles[c]
        period = role.period
        if a.unit is None and role.count:
            # a count column beside the money ("Deltagare" per insats)
            total = k.startswith("total") or k == "grand_total"
            return TableFact(
                role.count,
                a.value,
                "persons",
                a.qualifier,
                a.raw,
                row,
                "total" if total else subject,
                period=period,
                is_total=total,
            )
        if a.unit in ("percent", "promille") or (a.unit is None and role.percent):
            # a member's share beside its contribution is its share of the costs
            share = "cost_share" if "allocation" in self.measure.values() else "other_percent"
            total = k.startswith("total")
            return TableFact(
                share,
                a.value,
                a.unit or "percent",
                a.qualifier,
                a.raw,
                row,
                "total" if total else subject,
                period=period,
                is_total=total and share == "cost_share",
            )
        if a.unit not in (None, "SEK"):
            # "145 deltagare" in an "Utfall" column: a count, not kronor
            return TableFact(
                "other_count", a.value, "persons", a.qualifier, a.raw, row, subject, period=period
            )
        return None

    def _group(self, c: int, family: str, k: str) -> tuple[str, bool]:
        """The additive group of a line (lines add up to the total that closes the group)."""
        n_closed = self.closed.get((c, family), 0)
        group = f"{self.table_id}:c{c}:{family}" + (f":{n_closed + 1}" if n_closed else "")
        is_total = k.startswith("total")
        if is_total:
            self.closed[(c, family)] = n_closed + 1
        return group, is_total

    def _money(
        self,
        idx: int,
        row: Row,
        k: str,
        c: int,
        a: Amount,
        subject: str | None,
        parent: str | None,
    ) -> TableFact:
        ckind = self.kind[c]
        v = self.val(row, c)
        group = None
        is_total = False
        if ckind.endswith("_deviation"):
            measure = ckind
            default = self.default_dev_flip if k in ("cost", "total_cost") else False
            value = -v if self.dev_flip.get(idx, default) else v
            if k in _LINES:
                # deviations of the lines add up to the deviation of their total
                group, is_total = self._group(c, "income" if "income" in k else "cost", k)
        elif k in _LINES:
            family = "income" if "income" in k else "cost"
            if c in self.measure:  # "Äskat 2025", "Beviljat", "Bidrag 2025"
                measure = family = self.measure[c]
            elif self.caption_measure and family == "cost":
                measure = self.caption_measure
            else:
                measure = f"{ckind}_{family}"
            value = abs(v)
            group, is_total = self._group(c, family, k)
        elif k == "result":
            measure = f"{ckind}_result"
            value = -v if self.flip_result.get(c, self.default_flip) else v
        elif k == "equity_change":
            measure = f"{ckind}_equity_change"
            value = v
        else:  # equity: only an outcome or a balance date is eget kapital
            measure = {"actual": "equity", "forecast": "forecast_equity"}.get(ckind, "other_amount")
            value = abs(v)
        return TableFact(
            measure,
            float(value),
            "SEK",
            a.qualifier,
            a.raw,
            row,
            "total" if is_total else subject,
            period=row_period(row.label, self.ref_year) or self.roles[c].period,
            group=group,
            is_total=is_total,
            parent_subject=parent,
            **self.cell_unit(c, a),
        )
