"""A stored result of exactly the opposite sign of income − costs: our extraction's fault.

CONTRACT §3 stores ``*_result`` as income minus costs whatever sign the source used; a result
equal to costs − income (non-zero) means finsam broke that convention, not the document.
"""

from __future__ import annotations

from finsam_data.checks.core import Check, Tables, register
from finsam_data.checks.result_balance import CHECK as BALANCE
from finsam_data.checks.result_balance import balances


def find(tables: Tables) -> list[dict]:
    return [row for row in balances(tables) if row["sign_flip"]]


CHECK = register(
    Check(
        name="result_sign",
        label="Resultatets tecken är omvänt (finsams fel)",
        severity="error",
        reads=("facts",),
        measures=BALANCE.measures,
        tolerance="Som för intäkter − kostnader: halva avrundningssteget för varje tal.",
        message=(
            "Resultatet ({measure_sv}) har lagrats som {observed} men intäkter − kostnader är "
            "{expected}: tecknet är omvänt. Detta är ett fel i finsams tolkning (resultat ska "
            "vara intäkter minus kostnader), inte i dokumentet."
        ),
        find=find,
    )
)
