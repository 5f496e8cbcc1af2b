"""Swedish number, money and date formatting for everything a user reads.

Babel (``sv_SE``) does the digit grouping; the machine's OS locale is never used. Money is
rounded half away from zero (not Python's or polars' half-to-even), as Swedish accounts do.

Thousands are grouped with a no-break space (U+00A0) so a figure never wraps:

>>> format_sek(1234567)
'1\\xa0234\\xa0567\\xa0kr'
>>> format_percent(47)
'47\\xa0%'
>>> format_number(25.6, decimals=1)
'25,6'
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import NumberPattern, parse_pattern

LOCALE = "sv_SE"
# Babel's sv_SE grouping separator is U+00A0 (no-break space); we keep it so that a figure never
# wraps across lines in a report or slide.
NBSP = "\u00a0"
MINUS = "\u2212"  # typographic minus, as Swedish typesetting uses

_UNIT_SUFFIX = {
    "SEK": "kr",
    "percent": "%",
    "promille": "‰",
    "persons": "personer",
    "days": "dagar",
    "weeks": "veckor",
    "months": "månader",
    "years": "år",
    "count": "st",
}


def round_half_away(value: float, decimals: int = 0) -> float:
    """Round half away from zero (2,5 -> 3; -2,5 -> -3).

    >>> round_half_away(2.5), round_half_away(-2.5), round_half_away(0.125, 2)
    (3.0, -3.0, 0.13)
    """
    quant = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quant, rounding=ROUND_HALF_UP))


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """A number the Swedish way: ``1 234 567``, ``25,6``; ``–`` for a missing value.

    >>> format_number(-1234.5, decimals=1)
    '−1\\xa0234,5'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return _format_number(float(value), decimals)


@functools.cache
def _locale() -> Locale:
    return Locale.parse(LOCALE)


@functools.cache
def _pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else ""))


@functools.lru_cache(maxsize=1 << 16)
def _format_number(value: float, decimals: int) -> str:
    # What babel.numbers.format_decimal does, with the locale and pattern parsed once: a
    # validation of a national corpus formats half a million figures, mostly the same few.
    rounded = round_half_away(value, decimals)
    text = _pattern(decimals).apply(abs(rounded), _locale())
    return (MINUS if rounded < 0 else "") + text


def format_sek(value: float | int | None, decimals: int = 0) -> str:
    """Money in kronor: ``1 234 567 kr``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{format_number(value, decimals)}{NBSP}kr"


def format_compact_sek(value: float | int | None) -> str:
    """Money the way Swedish boards write it: ``120 tkr``, ``6,3 mnkr``, ``950 kr``.

    Babel's compact forms ('tn', 'mn') are not what Swedish finance text uses, hence our own.

    >>> format_compact_sek(120000), format_compact_sek(6300000), format_compact_sek(950)
    ('120\\xa0tkr', '6,3\\xa0mnkr', '950\\xa0kr')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    size = abs(float(value))
    if size >= 1_000_000:
        return f"{format_number(value / 1_000_000, 1)}{NBSP}mnkr"
    if size >= 10_000:
        return f"{format_number(value / 1_000, 0)}{NBSP}tkr"
    return format_sek(value)


def format_percent(value: float | int | None, decimals: int = 0) -> str:
    """A percentage given in percent units (47 -> ``47 %``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{format_number(value, decimals)}{NBSP}%"


def format_value(value: float | int | None, unit: str | None) -> str:
    """A fact's value in its unit, for tables and hover texts (``120 000 kr``, ``3,5 ‰``)."""
    if unit == "SEK":
        return format_sek(value)
    decimals = 0
    if value is not None and not (isinstance(value, float) and math.isnan(value)):
        decimals = 0 if float(value).is_integer() else 1
    if unit == "percent":
        return format_percent(value, decimals)
    suffix = _UNIT_SUFFIX.get(unit or "", "")
    number = format_number(value, decimals)
    return f"{number}{NBSP}{suffix}" if suffix and number != "–" else number


def format_date(value: dt.date | None, long: bool = False) -> str:
    """ISO date (``2024-03-22``), or long Swedish form (``22 mars 2024``)."""
    if value is None:
        return "–"
    if long:
        return _babel_date(value, format="d MMMM y", locale=LOCALE)
    return value.isoformat()
