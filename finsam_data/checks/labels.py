"""The one Swedish vocabulary of validation: measures, severities, statuses, suites and states.

Every page, message and workbook that names a measure or a validation outcome takes the word
from here, so that "varning" or "äskande" reads the same everywhere. Each check's own label
(``Check.label``) is declared in its unit; :func:`check_labels` lists them all.

>>> measure_label("request")
'äskande'
>>> STATUS["warn"]
'Godkänd med varningar'
"""

from __future__ import annotations

MEASURES = {
    "allocation": "medelstilldelning",
    "request": "äskande",
    "grant": "beviljat bidrag",
    "budget_cost": "budgeterade kostnader",
    "actual_cost": "utfall kostnader",
    "forecast_cost": "prognos kostnader",
    "budget_income": "budgeterade intäkter",
    "actual_income": "utfall intäkter",
    "forecast_income": "prognos intäkter",
    "budget_result": "budgeterat resultat",
    "actual_result": "resultat (utfall)",
    "forecast_result": "prognostiserat resultat",
    "budget_deviation": "avvikelse mot budget",
    "forecast_deviation": "prognosavvikelse",
    "equity": "eget kapital",
    "fee": "avgift",
    "cost_share": "kostnadsandel",
    "participants": "deltagare",
    "participants_new": "nya deltagare",
    "participants_share": "andel deltagare",
    "exits": "avslutade deltagare",
    "exits_by_reason": "avslut per anledning",
    "exits_by_reason_share": "andel avslut per anledning",
    "exit_share_work_study": "andel avslut till arbete/studier",
    "exit_share_work": "andel avslut till arbete",
    "support_at_intake": "försörjning vid inskrivning",
    "support_at_exit": "försörjning vid avslut",
    "intake_time_in_support": "tid i offentlig försörjning vid inskrivning",
    "training_participants": "utbildningsdeltagare",
    "time_in_program_months": "tid i insatsen (månader)",
    "time_in_support_before_start_years": "tid i försörjning före start (år)",
    "share_long_term_support": "andel långvarigt försörjda",
    "queue_length": "personer i kö",
    "wait_time": "väntetid",
}

#: A finding's severity.
SEVERITY = {"error": "Fel", "warning": "Varning", "info": "Information"}

#: The validation's overall status.
STATUS = {
    "pass": "Godkänd: inga fel eller varningar",
    "warn": "Godkänd med varningar",
    "fail": "Fel hittades: beroende rapporter byggs inte",
}

#: Where a finding comes from: a table's suite, the input files, or the cross-row checks.
SUITE = {
    "inputs": "Indatafiler",
    "documents": "Dokument",
    "forbund": "Förbundsregistret",
    "meetings": "Sammanträden",
    "attendance": "Närvaro",
    "items": "Paragrafer",
    "decisions": "Beslut",
    "facts": "Siffror",
    "consistency": "Summor och rimlighet",
}

#: A finding an analyst has acknowledged (``kanda_avvikelser.yml``), and one that is not.
KNOWN = "känd"
NEW = "ny"


def measure_label(measure: str | None) -> str:
    """The Swedish label of a measure for messages (``request`` → ``äskande``)."""
    if measure is None:
        return "–"
    return MEASURES.get(measure, measure.replace("_", " "))


def check_labels() -> dict[str, str]:
    """Every registered check's name → its Swedish label."""
    from finsam_data.checks.core import registered

    return {check.name: check.label for check in registered()}
