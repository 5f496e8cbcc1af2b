"""The one Swedish vocabulary of validation: measures, severities, statuses, suites and states.

Every page, message and workbook that names a measure or a validation outcome takes the word
from here, so that "varning" or "äskande" reads the same everywhere. Each check's own label
(``Check.label``) is declared in its unit; :func:`check_labels` lists them all.

>>> measure_label("request")
'äskat'
>>> STATUS["warn"]
'Godkänd med varningar'
"""

from __future__ import annotations

from finsam_data.vocabulary import MEASURE_LABEL, measure_label  # noqa: F401  (one vocabulary)

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


def check_labels() -> dict[str, str]:
    """Every registered check's name → its Swedish label."""
    from finsam_data.checks.core import registered

    return {check.name: check.label for check in registered()}
