"""The segmenters' fast paths give what their plain, line-by-line definitions give."""

import random
import re

from finsam_data.segment import _lines, header

# The plain definitions the fast code replaces.
_EMPHASIS = re.compile(r"\*{1,3}|(?<![\w])_{1,3}|_{1,3}(?![\w])")
_HEADING = re.compile(r"^\s*#{1,6}\s*")


def _strip_markdown(s: str) -> str:
    s = _HEADING.sub("", s)
    s = _lines._MD_ESCAPE.sub(r"\1", s)
    return _EMPHASIS.sub("", s)


def _clean(raw: str) -> str:
    s = _strip_markdown(_lines._TAG.sub(" ", raw))
    return re.sub(r"[ \t\u00a0]+", " ", s).strip()


def _header_clean(text: str) -> str:
    out = []
    for raw in header._INVISIBLE.sub("", text).split("\n"):
        s = _strip_markdown(raw)
        s = header._HTML_TAG.sub("\t", s)
        s = header._ESIGN.sub("\t", s)
        s = header._RUN_OF_SPACES.sub(" ", s)
        out.append(s.strip(" "))
    return "\n".join(out)


_PIECES = [*"ab_*#\\<>/ \t\n:Xx§1", "\u00a0", "\u202f", "\u00ad", "\x0c", "\u2028", "DocuSign",
           "docusigned by", "<b>", "</i>", "## ", "\\*", "__", "***", "snake_case"]  # fmt: skip


def _samples(n: int = 3000) -> list[str]:
    rng = random.Random(7)
    fixed = [
        "",
        " ",
        "## **NVSam § 30**",
        "- *Handling: Protokoll*",
        "#Rubrik\n  ## Plats och tid  Rådhuset \n\u00a0Beslutande",
        "DocuSigned by:\n2024-03-28 16:25 CET <i>Ann Ek</i>  Ann Ek",
        "__init__ _kursiv_ **fet** ***båda*** a_b",
    ]
    return fixed + [
        "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 25))) for _ in range(n)
    ]


def test_line_helpers_match_their_definitions():
    for text in _samples():
        for line in text.split("\n"):
            assert _lines.strip_markdown(line) == _strip_markdown(line)
            assert _lines.clean(line) == _clean(line)
            assert _lines.strip_emphasis(line) == _EMPHASIS.sub("", line)


def test_header_clean_matches_the_line_by_line_definition():
    for text in _samples():
        assert header._header_clean(text) == _header_clean(text)


def test_label_regex_matches_its_plain_definition():
    alts = [
        re.escape(form).replace(r"\ ", r"\s+")
        for label, _, _ in header._LABELS
        for form in {label, label.upper()}
    ]
    plain = re.compile(
        rf"(?<![\wÅÄÖåäö])(?P<label>{'|'.join(sorted(alts, key=len, reverse=True))})"
        r"(?![\wÅÄÖåäö])"
    )
    labels = [form for label, _, _ in header._LABELS for form in (label, label.upper())]
    rng = random.Random(5)
    pieces = [*labels, " ", "\n", "\t", "x", "Å", "ö", "_", "1", ":", "-", "Plats  och\ttid"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        spans = [(m.span(), m.group("label")) for m in header._LABEL_RE.finditer(text)]
        assert spans == [(m.span(), m.group("label")) for m in plain.finditer(text)]
        assert bool(header._LABEL_RE.fullmatch(text)) == bool(plain.fullmatch(text))


def test_cells_and_column_keys_match_their_definitions():
    from finsam_data.segment import attendance

    def cells(line: str) -> list[str]:
        if "\t" in line:
            return [c.strip() for c in line.strip(" ").split("\t")]
        return [c.strip() for c in re.split(r"[ \u00a0]{2,}", line.strip()) if c.strip()]

    def columns(head: list[str]) -> dict[str, int]:
        cols: dict[str, int] = {}
        for i, cell in enumerate(head):
            text = re.sub(r"[*_]", "", cell).strip()
            for key, pattern in attendance._TABLE_COLS.items():
                if key not in cols and pattern.search(text):
                    cols[key] = i
                    break
        return cols

    words = ["Namn", "**Ledamot**", "Roll", "Organisation", "Parti", "Närvaro", "Anna Ek", "  ",
             " ", "\t", "\u00a0", "Region", "Kommun", "x"]  # fmt: skip
    rng = random.Random(3)
    for _ in range(3000):
        line = "".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
        assert header._cells(line) == cells(line)
        assert attendance.table_columns(cells(line)) == columns(cells(line))


def test_fields_read_one_at_a_time_are_the_fields():
    def fields_at(text: str) -> list[tuple[int, str, str]]:
        # the labels _iter_fields_at accepts, then each value up to the next accepted label
        starts = [(begin, key) for begin, key, _ in header._iter_fields_at(text)]
        ends = [m.end() for m in header._LABEL_RE.finditer(text)]
        out = []
        for k, (begin, key) in enumerate(starts):
            end = next(e for e in ends if e > begin)
            stop = starts[k + 1][0] if k + 1 < len(starts) else len(text)
            out.append((begin, key, text[end:stop].strip(" \t:\n")))
        return out

    def paragraph_range(text: str) -> tuple[int, int] | None:
        clean = header._header_clean(text)
        for key, value in header.fields(clean):
            if key == "paragraphs":
                m = header._RANGE.match(value)
                if m and int(m.group(1)) <= int(m.group(2)):
                    return int(m.group(1)), int(m.group(2))
                single = re.match(r"(?:§\s*)?(\d{1,4})\b", value)
                if single:
                    return int(single.group(1)), int(single.group(1))
        m = header._PARAGRAPHS_INLINE.search(clean) or header._RANGE_LINE.search(clean)
        if m and int(m.group(1)) <= int(m.group(2)):
            return int(m.group(1)), int(m.group(2))
        return None

    pieces = ["Paragrafer", "PARAGRAF", "Plats och tid", "Ordförande", "Beslutande", " ",
              "\n", ": ", "§ 3-9", "12", "Anna Ek, ", "§§ 1–4\n", "x"]  # fmt: skip
    rng = random.Random(8)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert header._fields_at(text) == fields_at(text)
        assert header.paragraph_range(text) == paragraph_range(text)
