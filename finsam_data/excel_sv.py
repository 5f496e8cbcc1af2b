"""The Swedish face of ``data/finsam.xlsx``: sheet and column names, number formats, the
"Läs mig" sheet and the column that marks repeated statements of one figure.

Kept apart from :mod:`finsam_data.excel` (which writes cells safely): the parquet files keep
the contract's English names; only the workbook an analyst opens speaks Swedish.
"""

from __future__ import annotations

import polars as pl

#: Contract table -> Swedish sheet name (at most 31 characters, no []:*?/\).
SHEET_NAME = {
    "documents": "Dokument",
    "forbund": "Förbund",
    "meetings": "Möten",
    "attendance": "Närvaro",
    "items": "Ärenden",
    "decisions": "Beslut",
    "facts": "Siffror",
}

README_SHEET = "Läs mig"
COLUMNS_SHEET = "Kolumner"

_COMMON = {
    "forbund_id": "Förbund (id)",
    "doc_id": "Dokument (id)",
    "source": "Fil",
    "meeting_date": "Mötesdatum",
    "item_no": "Paragraf (§)",
    "text": "Text",
    "char_start": "Position start",
    "char_end": "Position slut",
    "period_start": "Period från",
    "period_end": "Period till",
}

#: Contract column -> Swedish header, per table (else :data:`_COMMON`).
COLUMN_NAME: dict[str, dict[str, str]] = {
    "documents": {"doc_kind": "Dokumenttyp", "doc_date": "Dokumentdatum",
                  "n_chars": "Antal tecken", "reader": "Läsare", "encoding": "Teckenkodning",
                  "forbund_name": "Förbundets namn i dokumentet",
                  "period_start": "Redovisar från", "period_end": "Redovisar till"},
    "forbund": {"name": "Namn", "county": "Län", "valid_from": "Gäller från",
                "valid_to": "Gäller till", "successor_id": "Efterträdare (id)",
                "members": "Medlemmar", "registered": "I registret"},
    "meetings": {"place": "Plats", "start_time": "Starttid", "end_time": "Sluttid",
                 "first_item": "Första §", "last_item": "Sista §", "chair": "Ordförande",
                 "secretary": "Sekreterare", "adjuster": "Justerare"},
    "attendance": {"person": "Person", "role": "Roll", "organisation": "Organisation",
                   "voting": "Beslutande", "note": "Närvaro, anteckning"},
    "items": {"title": "Rubrik", "dnr": "Diarienummer", "attachments": "Bilagor"},
    "decisions": {"text": "Beslutstext", "kind": "Beslutstyp", "amount_sek": "Belopp (kr)",
                  "recipient": "Mottagare", "deadline": "Sista dag",
                  "deferred_to": "Bordlagt till"},
    "facts": {"section": "Avsnitt", "measure": "Mått", "subject": "Gäller",
              "breakdown": "Uppdelning", "value": "Värde", "unit": "Enhet",
              "qualifier": "Precision", "quote": "Citat", "category": "Kategori",
              "group_id": "Grupp", "is_total": "Angiven summa", "parent_subject": "Hör under",
              "raw": "Som det står", "scale": "Skala", "unit_word": "Enhet som det står",
              "measure_sv": "Mått i ord", "repeated": "Upprepad uppgift"},
}

#: Columns holding whole kronor: shown as ``1 234 567 kr``.
AMOUNT_COLUMNS = {("decisions", "amount_sek")}

#: Excel number formats (the thousands separator and decimal mark are the reader's locale:
#: a Swedish Excel shows ``1 234 567`` and ``2,5``). No trailing decimal mark on whole numbers.
FORMAT_WHOLE = "#,##0"
FORMAT_DECIMAL = "#,##0.0##"
FORMAT_KRONOR = '#,##0 "kr"'


def sheet_name(table: str) -> str:
    return SHEET_NAME.get(table, table)


def column_name(table: str, column: str) -> str:
    """The Swedish header of a column (the contract's name when none is declared)."""
    return COLUMN_NAME.get(table, {}).get(column) or _COMMON.get(column, column)


def number_format(table: str, column: str, value: float, row_unit: str | None) -> str:
    """The format of one number: kronor for amounts (and SEK facts), whole or decimal."""
    if (table, column) in AMOUNT_COLUMNS or (column == "value" and row_unit == "SEK"):
        return FORMAT_KRONOR
    return FORMAT_WHOLE if float(value).is_integer() else FORMAT_DECIMAL


REPEAT_KEYS = ("forbund_id", "measure", "subject", "breakdown", "period_start", "period_end",
               "value")


def for_workbook(table: str, df: pl.DataFrame) -> pl.DataFrame:
    """A table as the workbook shows it: facts gain ``measure_sv`` (the measure in words) and
    ``repeated`` (:func:`mark_repeats`); other tables are unchanged."""
    if table != "facts" or "measure" not in df.columns:
        return df
    from finsam_data.report.vocabulary import MEASURE_LABEL

    out = mark_repeats(df)
    return out.with_columns(measure_sv=pl.col("measure").replace_strict(
        MEASURE_LABEL, default=pl.col("measure"), return_dtype=pl.String))


def mark_repeats(facts: pl.DataFrame) -> pl.DataFrame:
    """``repeated`` is true on every statement of a figure after its first: the same förbund,
    measure, subject, breakdown, period and value stated again in another § or document
    (a request in § 30 and again in the list of § 31). Filtering on ``repeated = nej`` counts
    each figure once in a pivot; the first statement is the earliest in document order.

    >>> f = pl.DataFrame({"forbund_id": ["a", "a", "a"], "measure": ["request"] * 3,
    ...                   "subject": ["Team"] * 3, "breakdown": [None] * 3,
    ...                   "period_start": [None] * 3, "period_end": [None] * 3,
    ...                   "value": [2.5e6, 2.5e6, 1.0], "doc_id": ["d"] * 3,
    ...                   "section": ["§ 30", "§ 31", "§ 31"], "char_start": [10, 90, 95]})
    >>> mark_repeats(f)["repeated"].to_list()
    [False, True, False]
    """
    keys = [k for k in REPEAT_KEYS if k in facts.columns]
    if facts.height == 0 or not keys:
        return facts.with_columns(repeated=pl.lit(False))
    order = [c for c in ("doc_id", "char_start") if c in facts.columns]
    ranked = facts.with_row_index("_row").with_columns(
        _rank=pl.struct(order or ["_row"]).rank("ordinal").over(keys))
    return ranked.with_columns(repeated=pl.col("_rank") > 1).sort("_row").drop("_row", "_rank")


README_ROWS: list[tuple[str, str]] = [
    ("Vad filen är",
     "Alla tabeller som finsam byggde ur dokumenten, ett blad per tabell. Samma uppgifter finns "
     "som parquet-filer bredvid (med engelska kolumnnamn, för program). Siffrorna står som "
     "dokumenten skriver dem; de rättas aldrig. Orimliga siffror flaggas av valideringen "
     "(validation/index.html) men finns kvar här."),
    ("Bladen",
     "Dokument: de inlästa dokumenten. Förbund: registret med sammanslagningar. Möten, Närvaro, "
     "Ärenden och Beslut: ur protokollen. Siffror: varje siffra i dokumenten, en rad per "
     "siffra, med citat och position. Kolumner: varje kolumn förklarad."),
    ("Mått",
     "Kolumnen Mått säger vad siffran mäter (en fast lista, se Mått i ord och bladet "
     "Kolumner). Pengar: medelstilldelning, äskat, beviljat, budget, utfall och prognos för "
     "kostnader, intäkter och resultat, eget kapital. Deltagare och resultat: deltagare, avslut, "
     "avslut per orsak, andel till arbete eller studier. Tider och köer: tid i insatsen, tid i "
     "försörjning före start, kö, väntetid. Mål: target (ett mål, inte ett utfall)."),
    ("Enheter",
     "Värde står i enheten i kolumnen Enhet: SEK (hela kronor: 120 tkr står som 120 000), "
     "persons (personer), percent (procent, 47 betyder 47 %), promille, days, weeks, months, "
     "years (dagar, veckor, månader, år), count (antal). Kolumnen Som det står visar siffran "
     "som den skrevs, Skala vad den räknades om med (tkr = 1 000)."),
    ("Teckenregel",
     "Belopp är positiva; måttet bär riktningen (kostnad, intäkt). Resultat är intäkter minus "
     "kostnader: ett underskott är negativt, vilket tecken källans tabell än använde. En "
     "avvikelse är utfall eller prognos minus budget: lägre kostnader än budgeterat är negativt."),
    ("Precision",
     "exact: exakt; approx: ungefär (ca, cirka, kring, drygt); max: högst (upp till); below: "
     "knappt (under); above: över. En siffra med max eller above är en gräns, inte ett exakt "
     "belopp: summera den inte som om den vore exakt."),
    ("Upprepade uppgifter",
     "Samma siffra (samma förbund, mått, vad den gäller, period och värde) står ofta på flera "
     "ställen, till exempel ett äskande i en paragraf och igen i en lista. Kolumnen Upprepad "
     "uppgift är ja på varje upprepning efter den första. Filtrera på nej i en pivottabell, så "
     "räknas varje siffra en gång."),
    ("Summor",
     "Angiven summa är ja för en rad som dokumentet anger som summa (Totalt, Summa). Summera "
     "inte summor och delar tillsammans: filtrera på Angiven summa."),
    ("Perioder",
     "Period från och Period till är perioden siffran gäller, inte dokumentets datum. Ett "
     "utfall för januari–augusti är inte ett helår."),
    ("Källa",
     "Fil och Dokument (id) pekar ut dokumentet (bladet Dokument), Avsnitt paragrafen eller "
     "rubriken, Citat den exakta texten och Position start/slut var i dokumentets text citatet "
     "står."),
]
