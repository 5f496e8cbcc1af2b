"""Report sections: one selection of facts per section, used by its chart, its table and
its "inga uppgifter" note alike (:data:`SECTIONS`, :class:`Gaps`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl

from finsam_data.report.compare import MANY_FORBUND
from finsam_data.report.loader import ReportDataError, Tables, join_names, measure
from finsam_data.report.money import (
    EQUITY_CHANGE_MEASURES,
    EQUITY_MEASURES,
    allocations,
    budget_outcome_all,
    budget_outcome_forecast,
    cost_shares,
    equity_facts,
    requests_and_grants,
)
from finsam_data.report.outcomes import (
    exit_reasons,
    exit_shares,
    participants,
    program_times,
    support_before_start,
    with_targets,
)
from finsam_data.report.queues import queues, queues_and_waits, wait_times


def missing_text(t: Tables, ids: Iterable[str], what: str) -> str | None:
    """``Gamma och Delta redovisar inga uppgifter om <what> i underlaget.`` (None if none)."""
    names = [t.short(f) for f in ids]
    if not names:
        return None
    verb = "redovisar"
    return f"{join_names(names)} {verb} inga uppgifter om {what} i underlaget."


class Gaps:
    """What one report section lacks, said once: one plain note at the end of the section.

    Record with :meth:`check` (a frame about to be shown) or :meth:`lack`; end the section
    with :meth:`show`.

    >>> g = Gaps(None, ["a"], names={"a": "Alfa"})
    >>> g.check(pl.DataFrame({"forbund_id": []}, schema={"forbund_id": pl.String}), "kö")
    False
    >>> g.lack("väntetid"); g.text()
    'Underlaget anger inga uppgifter om kö eller väntetid för förbundet.'
    """

    def __init__(self, t: Tables | None, ids: Iterable[str], *,
                 names: dict[str, str] | None = None) -> None:
        self.ids = list(ids)
        self._short = (lambda f: (names or {}).get(f, f)) if t is None else t.short
        self._lacking: list[tuple[tuple[str, ...], str]] = []

    def lack(self, what: str, ids: Iterable[str] | None = None) -> None:
        """Record that ``ids`` (default: all the section's förbund) report nothing of ``what``."""
        who = tuple(self.ids if ids is None else [f for f in self.ids if f in set(ids)])
        if who and (who, what) not in self._lacking:
            self._lacking.append((who, what))

    def check(self, data: pl.DataFrame, what: str | Section) -> bool:
        """Record the section's förbund absent from ``data`` (by ``forbund_id``, or all of them
        when ``data`` is empty) as lacking ``what``; true when there is anything to show.

        ``what`` is a :class:`Section` (or its key in :data:`SECTIONS`): then ``data`` must be
        that section's selection, so the note, the chart and the table cannot disagree."""
        if isinstance(what, str) and what in SECTIONS:
            what = SECTIONS[what]
        if isinstance(what, Section):
            what = what.what
        if data.height == 0 or "forbund_id" not in data.columns:
            if data.height == 0:
                self.lack(what)
            return data.height > 0
        have = set(data["forbund_id"].drop_nulls().to_list())
        self.lack(what, [f for f in self.ids if f not in have])
        return True

    def _groups(self) -> list[tuple[tuple[str, ...], str]]:
        groups: dict[tuple[str, ...], list[str]] = {}
        for who, what in self._lacking:
            groups.setdefault(who, []).append(what)
        return [(who, whats[0] if len(whats) == 1 else ", ".join(whats[:-1]) + " eller "
                 + whats[-1]) for who, whats in groups.items()]

    def text(self) -> str | None:
        """The note's text (Swedish), or ``None`` when nothing is missing. More than
        :data:`~finsam_data.report.compare.MANY_FORBUND` förbund are counted, not named (the
        note's list names them, folded)."""
        out = []
        for who, about in self._groups():
            if len(self.ids) == 1:
                out.append(f"Underlaget anger inga uppgifter om {about} för förbundet.")
            elif set(who) == set(self.ids):
                out.append(f"Inget av förbunden redovisar uppgifter om {about} i underlaget.")
            elif len(who) > MANY_FORBUND:
                out.append(f"{len(who)} av {len(self.ids)} förbund redovisar inga uppgifter om "
                           f"{about} i underlaget.")
            else:
                names = join_names([self._short(f) for f in who])
                out.append(f"{names} redovisar inga uppgifter om {about} i underlaget.")
        return " ".join(out) or None

    def note(self) -> Any:
        """The one "nothing reported" note of the section (a :func:`figures.note`), or None.
        Where the note counts förbund, their names follow in a folded list."""
        from finsam_data.figures import Html, esc, note

        text = self.text()
        if not text:
            return None
        counted = [(who, about) for who, about in self._groups()
                   if len(self.ids) > 1 and set(who) != set(self.ids) and len(who) > MANY_FORBUND]
        if not counted:
            return note(text, "missing")
        lists = "".join(
            f'<details class="finsam-fold-names"><summary>Vilka förbund ({len(who)}): '
            f"{esc(about)}</summary><p>{esc(join_names([self._short(f) for f in who]))}.</p>"
            "</details>" for who, about in counted)
        return Html(f'<div class="finsam-note finsam-missing"><p>{esc(text)}</p>{lists}</div>')

    def show(self) -> None:
        """Display the section's note in a notebook; nothing when nothing is missing."""
        shown = self.note()
        if shown is not None:
            from IPython.display import display

            display(shown)


@dataclass(frozen=True)
class Section:
    """One report section's facts: what its chart, its table and its "inga uppgifter" note
    show, selected once.

    ``measures`` (with ``rows``) is the plain definition the note is a claim about: a förbund
    is said to report nothing of ``what`` only when it has no fact of those measures
    (``rows``: ``all``; ``totals``, stated totals and unsplit figures; ``parts``, figures for a
    subject, not totals). ``select`` is the section's selection for chart and table; it must
    keep at least one row for every förbund that has such a fact (a test checks it for every
    section). ``table`` names the contract table when the section is not about facts.
    """

    key: str
    what: str
    measures: tuple[str, ...]
    select: Any  # Callable[[pl.DataFrame], pl.DataFrame]
    rows: str = "all"
    table: str = "facts"
    lineage: bool = False  # a profile shows the förbund's whole lineage in this section

    def core(self, facts: pl.DataFrame) -> pl.DataFrame:
        """Every fact the note is a claim about (the plain definition, without the selection's
        choices)."""
        df = measure(facts, *self.measures, totals_only=self.rows == "totals")
        df = df.filter(pl.col("breakdown").is_null())
        if self.rows == "parts":
            df = df.filter(~pl.col("is_total").fill_null(False)
                           & (pl.col("subject").fill_null("").str.to_lowercase() != "total"))
        return df

    def __call__(self, facts: pl.DataFrame) -> pl.DataFrame:
        return self.select(facts)


def _targeted(select: Any) -> Any:
    """A section selection with the targets beside its outcomes."""
    def run(facts: pl.DataFrame) -> pl.DataFrame:
        return with_targets(select(facts), facts)

    run.__doc__ = select.__doc__
    return run


def _no_facts(_facts: pl.DataFrame) -> pl.DataFrame:
    raise ReportDataError("avsnittet handlar inte om tabellen facts")


SECTIONS: dict[str, Section] = {s.key: s for s in (
    Section("allocation", "medelstilldelning", ("allocation",), allocations),
    Section("money_flows", "äskanden eller beviljade medel per insats",
            ("request", "grant", "grant_proposal", "forecast_grant"), requests_and_grants,
            rows="parts"),
    Section("costs", "summerade kostnader (budget, utfall eller prognos)",
            ("budget_cost", "actual_cost", "forecast_cost"),
            lambda f: budget_outcome_forecast(f, "cost"), rows="totals"),
    Section("budget_outcome", "summerad budget, utfall eller prognos",
            ("budget_cost", "actual_cost", "forecast_cost", "budget_result", "actual_result",
             "forecast_result", *EQUITY_CHANGE_MEASURES), budget_outcome_all, rows="totals"),
    Section("equity", "eget kapital", EQUITY_MEASURES, equity_facts, lineage=True),
    Section("participants", "deltagare eller avslut", ("participants", "participants_new",
                                                      "exits"), _targeted(participants),
            rows="totals"),
    Section("exit_shares", "andel avslut till arbete eller studier",
            ("exit_share_work_study", "exit_share_work"), _targeted(exit_shares)),
    Section("exit_reasons", "avslutsorsaker", ("exits_by_reason",), exit_reasons, rows="parts"),
    Section("program_time", "tid i insatsen",
            ("time_in_program_months", "exits_by_reason_time_months"), _targeted(program_times)),
    Section("support_before", "tid i offentlig försörjning före start",
            ("time_in_support_before_start_years", "intake_time_in_support",
             "share_long_term_support"), support_before_start),
    Section("queues", "kö", ("queue_signal", "queue_length"), queues),
    Section("waits", "väntetid", ("wait_time",), _targeted(wait_times)),
    Section("queues_and_waits", "kö eller väntetid", ("queue_signal", "queue_length",
                                                      "wait_time"), queues_and_waits),
    Section("cost_shares", "kostnadsandelar", ("cost_share",), cost_shares),
    Section("meetings", "styrelsemöten", (), _no_facts, table="meetings"),
    Section("decisions", "beslut", (), _no_facts, table="decisions"),
)}


def section_for(what: str) -> Section | None:
    """The section whose note speaks of ``what`` (for checking a page's notes)."""
    return next((s for s in SECTIONS.values() if s.what == what), None)
