"""Swedish language data shared by every stage (month names); one place, so that a reader, the
segmenter and the extractor cannot disagree about what a month is called."""

from __future__ import annotations

#: Full month names.
MONTH_NAMES: dict[str, int] = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip

#: Abbreviations as they appear in minutes and report titles ("23 sept", "jan-aug 2017").
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip

#: Every way a month is written, names and abbreviations.
MONTHS: dict[str, int] = {**MONTH_NAMES, **MONTH_ABBREVIATIONS}

#: A regex alternation of all month words, longest first (so "sept" wins over "sep").
MONTH_ALTERNATION = "|".join(sorted(MONTHS, key=len, reverse=True))
