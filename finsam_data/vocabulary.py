"""The Swedish words for the measures, shared by every page, message and workbook.

The reports (``report/vocabulary.py``), the validation messages (``checks/labels.py``), the
landing page and the Excel workbook all name a measure with these words, so that a figure reads
the same everywhere. It sits at the bottom of the package: it imports nothing from finsam.

>>> MEASURE_LABEL["request"], measure_label("request")
('Äskat', 'äskat')
"""

from __future__ import annotations

#: Every measure in words, for tables a reader sees (schema.MEASURES is the vocabulary).
MEASURE_LABEL = {
    "allocation": "Medelstilldelning",
    "request": "Äskat",
    "grant": "Beviljat",
    "grant_proposal": "Förslag till bidrag",
    "forecast_grant": "Väntat bidrag (prognos)",
    "budget_cost": "Budgeterade kostnader",
    "actual_cost": "Kostnader, utfall",
    "forecast_cost": "Kostnader, prognos",
    "budget_income": "Budgeterade intäkter",
    "actual_income": "Intäkter, utfall",
    "forecast_income": "Intäkter, prognos",
    "budget_result": "Budgeterat resultat",
    "actual_result": "Resultat, utfall",
    "forecast_result": "Resultat, prognos",
    "budget_deviation": "Avvikelse mot budget",
    "forecast_deviation": "Avvikelse mot budget (prognos)",
    "equity": "Eget kapital",
    "forecast_equity": "Eget kapital, prognos",
    "budget_equity_change": "Budgeterad förändring av eget kapital",
    "forecast_equity_change": "Förändring av eget kapital, prognos",
    "actual_equity_change": "Förändring av eget kapital, utfall",
    "equity_share_of_allocation": "Eget kapital som andel av medelstilldelningen",
    "equity_ceiling_share": "Tak för eget kapital (andel av medelstilldelningen)",
    "fee": "Avgift",
    "cost_share": "Andel av kostnaderna",
    "cost_per_participant": "Kostnad per deltagare",
    "participants": "Deltagare",
    "participants_new": "Nya deltagare",
    "participants_share": "Andel av deltagarna",
    "exits": "Avslut",
    "exits_by_reason": "Avslut per orsak",
    "exits_by_reason_share": "Andel avslut per orsak",
    "exits_by_reason_time_months": "Tid i insatsen per avslutsorsak (månader)",
    "exit_share_work_study": "Andel avslut till arbete eller studier",
    "exit_share_work": "Andel avslut till arbete",
    "support_at_intake": "Försörjning vid start",
    "support_at_exit": "Försörjning vid avslut",
    "intake_time_in_support": "Tid i försörjning vid start",
    "training_participants": "Deltagare i utbildning",
    "time_in_program_months": "Tid i insatsen (månader)",
    "time_in_support_before_start_years": "Tid i offentlig försörjning före start (år)",
    "share_long_term_support": "Andel med långvarig försörjning",
    "queue_signal": "Kö rapporteras",
    "queue_length": "Personer i kö",
    "wait_time": "Väntetid",
    "member_count": "Antal medlemmar",
    "other_amount": "Annat belopp",
    "other_count": "Annat antal",
    "other_percent": "Annan andel",
    "target": "Mål",
    "plan": "Plan (planerat, inte utfall)",
    "external_figure": "Uppgift om annan organisation",
    "budget_used_share": "Andel av budgeten som använts",
    "attendees": "Deltagare i aktivitet",
}


def measure_label(measure: str | None) -> str:
    """A measure in words inside a sentence (``request`` → ``äskat``); ``–`` for none."""
    if measure is None:
        return "–"
    label = MEASURE_LABEL.get(measure)
    if label is None:
        return measure.replace("_", " ")
    return label[:1].lower() + label[1:]
