"""One Swedish vocabulary for what users read: measures, statuses, kinds and labels.

Used by the report pages, the deck, the Excel workbook and the landing page, so that a
measure or status has one name wherever it is shown.
"""

from __future__ import annotations

_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


COST_KIND_LABEL = {
    "individ": "Individinriktade insatser",
    "struktur": "Strukturinriktade insatser",
    "administration": "Administration",
}


EXIT_CATEGORY_LABEL = {
    "work": "Arbete",
    "studies": "Studier",
    "job_seeking": "Arbetssökande",
    "continued_rehab": "Fortsatt rehabilitering",
    "health": "Hälsa/sjukdom",
    "other": "Annat",
}


DECISION_KIND_LABEL = {
    "approve": "Godkänt",
    "grant": "Beviljat",
    "defer": "Bordlagt",
    "refer_back": "Återremitterat",
    "elect": "Val",
    "mandate": "Uppdrag",
    "other": "Övrigt",
}


BASIS_LABEL = {"budget": "Budget", "actual": "Utfall", "forecast": "Prognos",
               "allocation": "Medelstilldelning"}


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


MONEY_FLOW_LABEL = {
    "request": "Äskat",
    "grant_proposal": "Föreslaget",
    "grant": "Beviljat",
    "forecast_grant": "Väntat bidrag (prognos)",
}


SEVERITY_LABEL = {"error": "Fel", "warning": "Varning", "info": "Info"}


DOC_KIND_LABEL = {
    "protokoll": "Protokoll",
    "delarsrapport": "Delårsrapport",
    "arsredovisning": "Årsredovisning",
    "arsrapport": "Årsrapport",
    "verksamhetsplan": "Verksamhetsplan",
    "verksamhetsberattelse": "Verksamhetsberättelse",
    "revisionsberattelse": "Revisionsberättelse",
    "uppfoljning": "Uppföljning",
    "beslut": "Beslut",
    "minnesanteckningar": "Minnesanteckningar",
    "other": "Annat",
}


#: The contract's tables (and the checks' pseudo-tables) as a reader calls them.
TABLE_LABEL = {
    "documents": "Dokument", "forbund": "Förbundsregistret", "meetings": "Möten",
    "attendance": "Närvaro", "items": "Ärenden", "decisions": "Beslut", "facts": "Siffror",
    "consistency": "Samstämmighet mellan siffror", "sources": "Inläsning",
}


#: The validation's overall status (summary.json ``status``), on the pages and the landing page.
STATUS_LABEL = {"pass": "Godkänd", "warn": "Godkänd med varningar", "fail": "Fel hittade",
                "okänd": "Okänd"}

#: What a rendered file is, on the landing page.
REPORT_KIND_LABEL = {"report": "Rapport (HTML)", "slides": "Bildspel", "pdf": "PDF"}
