"""One Swedish vocabulary for what users read: measures, statuses, kinds and labels.

Used by the report pages, the deck, the Excel workbook and the landing page, so that a
measure or status has one name wherever it is shown.
"""

from __future__ import annotations

from finsam_data.vocabulary import MEASURE_LABEL  # noqa: F401  (the one measure vocabulary)

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
