"""Generate a synthetic corpus at a chosen scale from the bundled seed documents' layouts.

Each synthetic document is a seed document with another förbund's name, shifted dates and
perturbed figures (same number of digits, so layouts and tables stay intact). National scale:
about 70 förbund x 10 years of protocols and reports, ~6 000 documents.

    python benchmarks/synth_corpus.py OUT_DIR --docs 6000 [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

from finsam_data.read import bundled_corpus
from finsam_data.registry import forbund_entries

PLACES = [
    "Göteborg Nordost", "Centrala Östergötland", "Gävleborg", "Skellefteå", "Umeå", "Luleå",
    "Östersund", "Sundsvall", "Örebro", "Karlstad", "Borås", "Halmstad", "Kalmar", "Växjö",
    "Jönköping", "Linköping", "Norrköping", "Eskilstuna", "Uppsala", "Gotland", "Blekinge",
    "Malmö", "Lund", "Helsingborg", "Kristianstad", "Trelleborg", "Skövde", "Trollhättan",
    "Uddevalla", "Falun", "Borlänge", "Mora", "Ludvika", "Hudiksvall", "Söderhamn", "Kiruna",
    "Piteå", "Örnsköldsvik", "Härnösand", "Sollefteå", "Nyköping", "Katrineholm", "Motala",
    "Mjölby", "Västervik", "Oskarshamn", "Ljungby", "Värnamo", "Nässjö", "Alingsås", "Kungälv",
    "Lidköping", "Mariestad", "Arvika", "Kristinehamn", "Karlskoga", "Lindesberg", "Enköping",
    "Norrtälje", "Södertälje", "Huddinge", "Botkyrka", "Haninge", "Nacka", "Solna", "Sollentuna",
    "Järfälla", "Sigtuna", "Tierp", "Östhammar",
]  # fmt: skip

_NUMBER = re.compile(r"(?<![\d-])\d{1,3}(?:[ \u00a0]\d{3})+(?!\d)|(?<![\d-])\d{2,4}(?![\d-])")
_YEAR = re.compile(r"\b(20[12]\d)\b")


def _forbund_names() -> list[str]:
    names = []
    for entry in forbund_entries():
        names.extend(entry.get("aliases", []))
        names.extend(entry.get("abbreviations", []))
    return sorted(set(names), key=len, reverse=True)


def _perturb_number(m: re.Match[str], rng: random.Random) -> str:
    text = m.group(0)
    if _YEAR.fullmatch(text):
        return text  # years are handled by the date shift
    out = []
    for i, ch in enumerate(text):
        if ch.isdigit():
            out.append(str(rng.randint(1 if i == 0 else 0, 9)))
        else:
            out.append(ch)
    return "".join(out)


def synthesise(text: str, place: str, year_shift: int, rng: random.Random,
               names: list[str]) -> str:  # fmt: skip
    """One synthetic document from a seed text."""
    for name in names:
        text = re.sub(re.escape(name), f"Samordningsförbundet {place}", text, flags=re.IGNORECASE)
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + year_shift), text)
    return _NUMBER.sub(lambda m: _perturb_number(m, rng), text)


def generate(out: Path, n_docs: int, seed: int = 1) -> list[Path]:
    """Write ``n_docs`` synthetic documents under ``out`` (one folder per förbund)."""
    rng = random.Random(seed)
    seeds = sorted(bundled_corpus().glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    names = _forbund_names()
    if out.exists():
        shutil.rmtree(out)
    paths = []
    for i in range(n_docs):
        place = PLACES[i % len(PLACES)]
        base = i % len(texts)
        shift = rng.randint(-6, 2)
        doc = synthesise(texts[base], place, shift, rng, names)
        folder = out / re.sub(r"\W+", "-", place.lower())
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{i:05d}_{seeds[base].stem[:3]}.txt"
        path.write_text(doc, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = generate(args.out, args.docs, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} dokument, {size / 1e6:.1f} MB i {args.out}")


if __name__ == "__main__":
    main()
