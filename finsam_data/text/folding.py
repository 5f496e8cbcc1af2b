"""Lower-casing that agrees with the regex engine's case folding.

Python's regex engine, ignoring case, equates a few characters with ASCII letters that
``str.lower()`` does not turn into those letters: 'İ' (capital dotted I) and 'ı' (dotless i) with
'i', 'ſ' (long s) with 's'. 'İ' is also the one character whose ``lower()`` is two characters.
A literal test on ``text.lower()`` could therefore miss a case-insensitive match, and a word a
pattern matched may not be spelled as its lower-cased form suggests.
"""

from __future__ import annotations

import re

#: The characters folded apart (see the module's text).
FOLDS_APART = re.compile("[\u0130\u0131\u017f]")
_PLAIN = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def lowered(text: str) -> str | None:
    """``text.lower()`` for literal tests (``word.lower() in lowered``), or None where such a
    test could miss a case-insensitive match.

    >>> lowered("Juni 2024"), lowered("ſep 2024")
    ('juni 2024', None)
    """
    return None if FOLDS_APART.search(text) else text.lower()


def plain_lower(word: str) -> str:
    """``word`` lower-cased with the folded-apart letters in their plain spelling: the form a
    case-insensitive pattern took it for.

    >>> plain_lower("ſEP"), plain_lower("APRİL")
    ('sep', 'april')
    """
    return word.translate(_PLAIN).lower()
