"""Attendance lists: who was there, in which role, for which organisation, voting or not.

Protocol headers write these lists in many shapes. Transcripts of PDFs run the people together
on one line, separated by nothing but spaces::

    Elisabet Pettersson, Sala kommun Anders Johannesson, Region Västmanland Lena Eldstahl, …
    Gunilla Berglund, ordförande (Avesta kommun) Per-Inge Nyberg, ledamot (Region Dalarna) …

Others put one person on a line, or use a markdown table (``| Namn | Organisation | Roll |``).
A person starts with a name (two or three capitalised words) followed by a comma, a party in
parentheses or a tab; what stands before the name in the same run of capitalised words is the
end of the previous person's organisation ('Region Västmanland', 'Västerås Stad',
'Försäkringskassan').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Which list a person stands in decides the default role and whether they vote.
BLOCK_DEFAULTS: dict[str, tuple[str, bool | None]] = {
    "voting": ("ledamot", True),
    "voting_sub": ("tjanstgorande_ersattare", True),
    "substitutes": ("ersattare", False),
    "others": ("other", False),
    "present": ("ledamot", None),  # 'Närvarande': voting follows the role
}
_VOTING_ROLES = {"ordforande", "ledamot", "tjanstgorande_ersattare"}

# "ej tjänstgörande", "ersättare utan rösträtt": a substitute who does not vote.
_NOT_SERVING = re.compile(
    r"\b(?:ej|inte|icke)\s+tjänstgör\w*|\butan\s+rösträtt\b|\bej\s+beslutande\b", re.I
)
# "Frånvarande", "anmält förhinder": listed, but not there.
_ABSENT_WORDS = re.compile(
    r"\b(?:frånvarande|anmält\s+förhinder|ej\s+närvarande|inte\s+närvarande|förhindrad)\b|"
    r"^\W*nej\b",
    re.I,
)


def absent(note: str | None) -> bool:
    """Whether a note says the person was not there at all ('Frånvarande', 'Nej'); absence
    from some items only ('frånvarande § 5') keeps the person's vote for the rest."""
    return bool(note and _ABSENT_WORDS.search(note) and not re.search(r"\d", note))



_ROLE_WORDS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(?:ersättare\W{0,3})?(?:ej|inte|icke)\s+tjänstgörande(?:\s+ersättare)?\b|"
            r"\bersättare\s+utan\s+rösträtt\b",
            re.I,
        ),
        "ersattare",
    ),
    (re.compile(r"\btjänstgörande(?:\s+ersättare)?\b", re.I), "tjanstgorande_ersattare"),
    (
        re.compile(
            r"\b(?:(?:1|2|förste|andre):?e?\s+)?vice\s+ordförande\b|\bv\.?\s?ordf\b\.?", re.I
        ),
        "ledamot",
    ),
    (re.compile(r"\bordförande\b|\bordf\b\.?", re.I), "ordforande"),
    (re.compile(r"\b(?:ordinarie\s+)?ledamot\b", re.I), "ledamot"),
    (re.compile(r"\bersättare\b|\bers\.", re.I), "ersattare"),
    (re.compile(r"\bförbunds(?:chef|samordnare|direktör)\b", re.I), "forbundschef"),
    (
        re.compile(r"\b(?:lekmanna|förtroendevald\s+)?revisor(?:er)?\b|\brevisionsbiträde\b", re.I),
        "revisor",
    ),
]
_TITLE_SUFFIX = re.compile(
    r"(?:chef|ledare|samordnare|ekonom|controller|coach|sekreterare|handläggare|koordinator|"
    r"konsulent|strateg|utvecklare|direktör|assistent|analytiker|rådgivare|tjänsteperson)$",
    re.I,
)
_NOTE_PAREN = re.compile(
    r"\bkl\b|klockan|\bfr\.?\s?o\.?\s?m\b|\bt\.?\s?o\.?\s?m\b|§|tjänstgör|närvarande|"
    r"\bdel av\b|\bej\b|\bdeltar\b|\bdigital|\bfrån\b|\btill\b|\befter\b|\bföre\b|\bvia\b",
    re.I,
)
_BARE_NOTES = [
    re.compile(
        r"(?:\b(?:närvarande|frånvarande|jäv(?:ig)?(?:\s+i)?|"
        r"deltar(?:\s+(?:ej|inte))?(?:\s+i\s+beslut(?:et)?)?|tjänstgör(?:ande)?|från|"
        r"fr\.?\s?o\.?\s?m\.?|t\.?\s?o\.?\s?m\.?|under)\s+)?"
        r"§§?\s*\d+(?:\s*[-–—]\s*\d+)?(?:\s*(?:,|och)\s*\d+(?:\s*[-–—]\s*\d+)?)*",
        re.I,
    ),
    re.compile(r"\b(?:frånvarande|anmält\s+förhinder)\b", re.I),
    # an item reference with the förbund's own prefix instead of a § sign ('Lfs 2', 'Lfs 5–9')
    re.compile(r"(?<=,)\s*[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{1,5}\s+\d{1,3}(?:\s*[-–—]\s*\d{1,3})?\s*$"),
    re.compile(r"\b(?:fr\.?\s?o\.?\s?m\.?|från)\s*(?:kl\.?\s*|klockan\s*)?\d{1,2}(?:[.:]\d{2})?"),
    re.compile(r"\b(?:kl\.?|klockan)\s*\d{1,2}(?:[.:]\d{2})?(?:\s*[-–—]\s*\d{1,2}(?:[.:]\d{2})?)?"),
]
_PARTY = re.compile(r"^\(\s*[A-ZÅÄÖ]{1,3}\s*\)$")

_NAME_WORD = r"[A-ZÅÄÖÉÜØÆ][a-zåäöéüøæáàèíóúñ]+(?:-[A-ZÅÄÖÉÜa-zåäöéü][a-zåäöéü]+)*"
_NAME_WORD_RE = re.compile(_NAME_WORD)
_PARTICLE = {"von", "af", "de", "van", "der", "la", "di", "da"}

# Words that end an organisation's name when they stand in a run of capitalised words,
# and words that take the next word with them ('Region Västmanland').
_ORG_END = re.compile(
    r"^(?:stad|ab|kommun|försäkringskassan|arbetsförmedlingen|regionen|landstinget|"
    r"samordningsförbund(?:et)?|förbundet|universitet|högskola)$|"
    r"(?:kassan|förmedlingen|förbund|förbundet|förvaltning|förvaltningen|kommun|nämnden|"
    r"styrelsen|enheten|centrum|teamet|verket|myndigheten|inspektionen)$",
    re.I,
)
# Role words written before a name ('Ledamot Bo Berg (M), Tierps kommun').
_LEADING_ROLE = re.compile(
    r"^(?:ordförande|ordf|vice|ledamot|ledamöter|ersättare|tjänstgörande|förbundschef|revisor|"
    r"sekreterare|adjungerad)$",
    re.I,
)
_ORG_TAKES_NEXT = re.compile(
    r"^(?:region|landsting(?:et)?|samordningsteam(?:et)?|samverkansteam(?:et)?|team)$",
    re.I,
)


@dataclass
class Person:
    person: str
    role: str
    organisation: str | None
    voting: bool
    note: str | None
    secretary: bool = False  # the list calls the person the meeting's secretary


_PAREN_CHAR = re.compile(r"[()]")


def _mask_parens(s: str) -> str:
    """``s`` with everything inside parentheses replaced by '#', lengths kept.

    >>> _mask_parens("Bo (S) och Ek ((a) b) c) d")
    'Bo (#) och Ek ((#)##) c) d'
    """
    if "(" not in s:
        return s  # nothing is ever inside
    out = []
    depth = 0
    pos = 0
    for m in _PAREN_CHAR.finditer(s):
        piece = s[pos : m.start()]
        out.append("#" * len(piece) if depth else piece)
        ch = m.group()
        depth = depth + 1 if ch == "(" else max(0, depth - 1)
        out.append(ch)
        pos = m.end()
    piece = s[pos:]
    out.append("#" * len(piece) if depth else piece)
    return "".join(out)


def _name_run_before(masked: str, pos: int) -> list[tuple[int, int]]:
    """Spans of the capitalised name words directly before ``pos`` (last word first)."""
    words: list[tuple[int, int]] = []
    i = pos
    while True:
        j = i
        while j > 0 and masked[j - 1] == " ":
            j -= 1
        if words and j == i:
            break  # words must be separated by spaces
        k = j
        while k > 0 and (masked[k - 1].isalpha() or masked[k - 1] == "-"):
            k -= 1
        token = masked[k:j]
        if not token:
            break
        if token.lower() in _PARTICLE and words:
            words.append((k, j))
            i = k
            continue
        if not _NAME_WORD_RE.fullmatch(token):
            break
        words.append((k, j))
        i = k
        if k == 0 or masked[k - 1] != " ":
            break
    # Particles cannot start a name.
    while words and masked[words[-1][0] : words[-1][1]].lower() in _PARTICLE:
        words.pop()
    return words


def _pick_name(masked: str, run: list[tuple[int, int]]) -> int | None:
    """Where the name starts in a run of capitalised words (the rest is an organisation)."""
    words = list(reversed(run))
    texts = [masked[s:e] for s, e in words]
    cut = 0
    i = 0
    while i < len(texts):
        if _ORG_TAKES_NEXT.match(texts[i]) and i + 1 < len(texts) - 1:
            cut = i + 2
            i += 2
            continue
        if _ORG_END.search(texts[i]) or _LEADING_ROLE.match(texts[i]):
            cut = i + 1
        i += 1
    name = words[cut:]
    if len(name) < 2:
        if len(words) >= 2 and cut == 0:
            name = words[-2:]
        else:
            return None
    if len(name) > 3:
        name = name[-2:]
    first = masked[name[0][0] : name[0][1]]
    if _ORG_TAKES_NEXT.match(first) or any(
        _ORG_END.search(masked[s:e]) for s, e in name
    ):
        return None  # 'Region Åsland', 'Samordningsteam Ekeby': an organisation
    return name[0][0]


# Where a name ends in a list run together without commas ('Lisa Hed Försäkringskassan Erik
# Moberg Arbetsförmedlingen', 'Hanna Öberg förbundschef Lars Berg processledare § 34'): before
# an organisation that starts with a capital, or before a role or job title in lower case.
# (The letter before the space is checked behind it: a pattern that starts with its literal
# space lets the search skip from space to space. The same for the separators below.)
_RUN_TOGETHER_SEP = re.compile(
    r" (?<=[A-Za-zÅÄÖåäöéü] )(?=(?:Försäkringskassan|Arbetsförmedlingen|Region [A-ZÅÄÖ]|"
    r"[A-ZÅÄÖ][\wåäö-]+ (?:kommun|stad)\b|"
    r"(?:vice ordförande|ordförande|ledamot|ersättare|tjänstgörande|förbundschef|sekreterare|"
    r"[a-zåäö]+(?:chef|ledare|samordnare|ekonom|controller|handläggare|strateg|koordinator))\b))"
)
_STANDS_IN_BEFORE = re.compile(r"\b(?:för|i\s+stället\s+för|istället\s+för|ersätter)\s+$", re.I)
# The last name of a list of bare names ends the line: '…, Bo Berg och Cia Dahl'.
_LAST_IN_LIST = re.compile(
    rf"(?:,| och) {_NAME_WORD}(?: {_NAME_WORD}){{1,2}}[ \t]*$"
)
_COMMA_OR_TAB = re.compile(r",|\t")
_OCH_BEFORE_NAME = re.compile(r" (?<=[a-zåäöéü] )och (?=[A-ZÅÄÖ])")
_SPACE_BEFORE_PARTY = re.compile(r" (?<=\S )(?=\([A-ZÅÄÖ]{1,3}\))")


def _person_starts(line: str) -> list[tuple[int, int]]:
    """(start of name, end of name) for every person that starts in ``line``."""
    masked = _mask_parens(line)
    seps = sorted(
        [m.start() for m in _COMMA_OR_TAB.finditer(masked)]
        # a list of bare names: 'Anna Ek, Bo Berg och Cia Dahl'
        + [m.start() for m in _OCH_BEFORE_NAME.finditer(masked)]
        + [m.end() for m in _LAST_IN_LIST.finditer(masked)]
        + [m.start() for m in _SPACE_BEFORE_PARTY.finditer(line)]
        + [m.start() for m in _RUN_TOGETHER_SEP.finditer(masked)]
    )
    starts: list[tuple[int, int]] = []
    last_sep_end = -1
    for p in seps:
        run = _name_run_before(masked, p)
        if not run:
            continue
        start = _pick_name(masked, run)
        if start is None:
            continue
        end = run[0][1]
        if starts and start <= starts[-1][1]:
            continue
        # (the pattern ends in whitespace: without it before the name, it cannot match)
        if masked[start - 1 : start].isspace() and _STANDS_IN_BEFORE.search(masked, 0, start):
            continue  # 'ersättare för Ola Nilsson': whom a substitute stands in for
        # Something must stand between the previous person's name and this one, else this
        # is that person's title or organisation ('Elin Granlund, Avdelningschef Säter, …'),
        # unless the list is of bare names ('Anna Ek, Bo Berg och Cia Dahl').
        if starts and not masked[last_sep_end:start].strip(" ,\t"):
            words = masked[start:end].split()
            if any(_TITLE_SUFFIX.search(w) or _LEADING_ROLE.match(w) for w in words):
                continue
        starts.append((start, end))
        last_sep_end = p + 1
    if not starts:
        m = re.match(rf"^\s*({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})\s*(?:\(|$|\s-\s)", line)
        if m:
            starts.append((m.start(1), m.end(1)))
    return starts


_PARENTHESISED = re.compile(r"\(([^()]*)\)")


def _notes(rest: str) -> tuple[str, list[str]]:
    """Partial-presence notes taken out of ``rest``: parenthesised or bare."""
    notes: list[str] = []

    def paren(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        if _NOTE_PAREN.search(inner):
            notes.append(inner)
            return " "
        return m.group(0)

    if "(" in rest:
        rest = _PARENTHESISED.sub(paren, rest)
    for pattern in _BARE_NOTES:
        found = list(pattern.finditer(rest))
        if found:  # (sub replaces the same matches)
            notes.extend(m.group(0).strip() for m in found)
            rest = pattern.sub(" ", rest)
    return rest, notes


def _role(rest: str) -> tuple[str | None, str]:
    for pattern, role in _ROLE_WORDS:
        m = pattern.search(rest)
        if m:
            return role, rest[: m.start()] + " " + rest[m.end() :]
    return None, rest


def _organisation(rest: str) -> str | None:
    s = rest
    # Drop a party marker '(S)' and unwrap other parentheses.
    s = re.sub(r"\(\s*[A-ZÅÄÖ]{1,3}\s*\)", " ", s)
    s = re.sub(r"\s+", " ", s).strip(" ,;:-–\t")
    if s.startswith("(") and s.endswith(")") and s.count("(") == 1:
        s = s[1:-1].strip()
    # A leading job title in lower case ('controller Norra …', 'coach Samverkansteam …').
    words = s.split(" ")
    k = 0
    while k < len(words) and words[k][:1].islower():
        k += 1
    if k and k < len(words):
        s = " ".join(words[k:])
    elif k == len(words):
        return None
    words = s.split(" ")
    if len(words) > 1 and _TITLE_SUFFIX.search(words[0].strip(",")):
        s = " ".join(words[1:])
    s = s.strip(" ,;:-–\t")
    if s.startswith("(") and s.endswith(")") and s.count("(") == 1:
        s = s[1:-1].strip()
    return s or None


_STANDS_IN = re.compile(
    rf"\b(?:(?:tjänstgörande\s+)?ersättare\s+(?:för|i\s+stället\s+för)|"
    rf"tjänstgör(?:ande)?\s+(?:för|i\s+stället\s+för)|ersätter)\s+"
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*",
    re.I,
)


_SECRETARY = re.compile(r"\b(?:sekreterare|protokollförare|sekr\.)", re.I)


def _person_from_chunk(name: str, rest: str, block: str) -> Person:
    default_role, block_voting = BLOCK_DEFAULTS[block]
    secretary = bool(_SECRETARY.search(rest))
    stands_in = _STANDS_IN.search(rest)
    if stands_in:
        # 'ersättare för Ola Nilsson': whom the substitute stands in for is a note, not an org.
        rest = rest[: stands_in.start()] + " " + rest[stands_in.end() :]
    rest, notes = _notes(rest)
    if stands_in:
        notes.insert(0, re.sub(r"\s+", " ", stands_in.group(0)))
    not_serving = bool(_NOT_SERVING.search(rest) or any(_NOT_SERVING.search(n) for n in notes))
    role, rest = _role(rest)
    if stands_in and role in (None, "ersattare"):
        serving = block in ("voting", "voting_sub") or stands_in.group(0).lower().startswith(
            "tjänstgör"
        )
        role = "tjanstgorande_ersattare" if serving and not not_serving else "ersattare"
    note = "; ".join(n for n in notes if n) or None
    if role is None:
        role = default_role
        if not_serving:
            role = "ersattare"
        elif note and "tjänstgör" in note.lower() and block in ("substitutes", "voting"):
            role = "tjanstgorande_ersattare"
        elif block == "substitutes" and any(
            _TITLE_SUFFIX.search(w.strip(",.;")) for w in rest.split()
        ):
            role = "other"  # 'Rasmus Öhman, ekonom' under a list of substitutes
    if block == "voting" and role == "ersattare" and not not_serving:
        role = "tjanstgorande_ersattare"
    voting = block_voting if block_voting is not None else role in _VOTING_ROLES
    if stands_in and role == "tjanstgorande_ersattare":
        voting = True  # serves in a named member's place, whatever list it stands in
    elif block == "substitutes" and role == "tjanstgorande_ersattare":
        # A serving substitute in the list of substitutes votes, unless the list ties the
        # service to a clock time only ('tjänstgörande kl 11.30-12.00'), which names no item.
        voting = not (note and re.search(r"\bkl\b|klockan|\d[.:]\d\d", note))
    if not_serving or absent(note):
        voting = False
    return Person(
        person=name,
        role=role,
        organisation=_organisation(rest),
        voting=voting,
        note=note,
        secretary=secretary,
    )


def _split_line(line: str, block: str) -> list[Person]:
    people = []
    for part in re.split(r";", line):
        starts = _person_starts(part)
        lead = part[: starts[0][0]] if starts else ""
        for k, (s, e) in enumerate(starts):
            chunk_end = starts[k + 1][0] if k + 1 < len(starts) else len(part)
            name = re.sub(r"\s+", " ", part[s:e]).strip()
            rest = part[e:chunk_end]
            if k == 0 and _role(lead)[0]:
                rest = lead + ", " + rest  # 'Ledamot Bo Berg (M), …': the role stands first
            people.append(_person_from_chunk(name, rest.replace("\t", ", "), block))
    return people


# Column headers of an attendance table, matched on the header cell's first word, in any order.
_TABLE_COLS = {
    "party": re.compile(r"^parti(?:tillhörighet)?\b", re.I),
    "person": re.compile(r"^(?:namn|ledamot|ledamöter|person|deltagare|förtroendevald)\b", re.I),
    "organisation": re.compile(
        r"^(?:organisation|org\b|myndighet|huvudman|part(?:er)?\b|representerar|"
        r"representant\s+för|kommun|region|medlem)",
        re.I,
    ),
    "role": re.compile(r"^(?:roll|funktion|uppdrag|befattning|titel|position)", re.I),
    "note": re.compile(r"^(?:närvar|anteckning|kommentar|notering|not\b|§|paragraf|deltar)", re.I),
}
# A row whose only filled cell names a list ('| **Ersättare** | | |') starts that list.
_BLOCK_ROWS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:ej\s+tjänstgörande|närvarande)\s+ersättare$", re.I), "substitutes"),
    (re.compile(r"^tjänstgörande\s+ersättare$", re.I), "voting_sub"),
    (
        re.compile(r"^(?:beslutande|tjänstgörande|närvarande)?\s*(?:ledamöter|beslutande)$", re.I),
        "voting",
    ),
    (re.compile(r"^ersättare$", re.I), "substitutes"),
    (
        re.compile(
            r"^(?:övriga(?:\s+(?:deltagande|deltagare|närvarande))?|dessutom\s+närvarande|"
            r"(?:närvarande\s+)?tjänstepersoner|adjungerade)$",
            re.I,
        ),
        "others",
    ),
    (re.compile(r"^närvarande$", re.I), "present"),
]


_EMPHASIS_MARKS = re.compile(r"[*_]")


def table_columns(header: list[str]) -> dict[str, int]:
    """Which cell of an attendance table's header row holds which field.

    >>> table_columns(["Roll", "Namn", "Representerar", "Närvaro"])
    {'role': 0, 'person': 1, 'organisation': 2, 'note': 3}
    """
    cols: dict[str, int] = {}
    for i, cell in enumerate(header):
        for key in _column_keys(cell):
            if key not in cols:
                cols[key] = i
                break
    return cols


@lru_cache(maxsize=4096)
def _column_keys(cell: str) -> tuple[str, ...]:
    """Every column a header cell could name, in the order of ``_TABLE_COLS``.

    >>> _column_keys("**Namn**")
    ('person',)
    """
    text = _EMPHASIS_MARKS.sub("", cell).strip()
    return tuple(key for key, pattern in _TABLE_COLS.items() if pattern.search(text))


def _block_row(cells: list[str]) -> str | None:
    filled = [re.sub(r"[*_:]", "", c).strip() for c in cells if c.strip()]
    if len(filled) != 1:
        return None
    for pattern, block in _BLOCK_ROWS:
        if pattern.match(filled[0]):
            return block
    return None


def _person_cell(text: str) -> str | None:
    """The name in a table's person cell, or None when the cell holds no person's name."""
    s = re.sub(r"[*_]", "", text)
    s = re.sub(r"\(\s*[A-ZÅÄÖ]{1,3}\s*\)", " ", s)  # a party marker '(S)'
    s = re.sub(r"\s+", " ", s).strip(" ,;")
    m = re.fullmatch(rf"{_NAME_WORD}(?:\s+(?:(?:{'|'.join(_PARTICLE)})\s+)?{_NAME_WORD}){{1,3}}", s)
    if not m:
        return None
    words = s.split(" ")
    # 'Region Dalarna', 'Avesta kommun', 'Ordförande Anna Ek' are not names.
    if any(_ORG_END.search(w) or _LEADING_ROLE.match(w) for w in words):
        return None
    if _ORG_TAKES_NEXT.match(words[0]):
        return None
    return s


def _table_role(role_text: str, note: str, organisation: str) -> tuple[str | None, str]:
    """The role from the role cell (else from an organisation cell holding only a role word)."""
    role, _ = _role(role_text) if role_text else (None, "")
    if role is None and role_text:
        role = "other"
    if role is None and organisation:
        found, rest = _role(organisation)
        if found and not rest.strip(" ,;-–"):
            role, organisation = found, ""
    if role == "ersattare" and re.search(r"tjänstgör", note, re.I) and not (
        _NOT_SERVING.search(note) or _NOT_SERVING.search(role_text)
    ):
        role = "tjanstgorande_ersattare"
    return role, organisation


def _parse_table(rows: list[list[str]], block: str) -> list[Person]:
    cols = table_columns(rows[0])
    body = rows[1:] if "person" in cols else rows
    if "person" not in cols:
        cols = {"person": 0, "organisation": 1, "role": 2}
    people = []
    for row in body:
        new_block = _block_row(row)
        if new_block:
            block = new_block
            continue

        def cell(key: str, row: list[str] = row) -> str:
            i = cols.get(key)
            return re.sub(r"[*_]", "", row[i]).strip() if i is not None and i < len(row) else ""

        name = _person_cell(cell("person"))
        if name is None:
            continue
        note = cell("note")
        role, organisation = _table_role(cell("role"), note, cell("organisation"))
        default_role, block_voting = BLOCK_DEFAULTS[block]
        if role is None:
            role = default_role
            voting = block_voting if block_voting is not None else role in _VOTING_ROLES
        else:
            # Beslutande lists those who decide: an ersättare there is serving.
            negated = _NOT_SERVING.search(cell("role")) or _NOT_SERVING.search(note)
            if block in ("voting", "voting_sub") and role == "ersattare" and not negated:
                role = "tjanstgorande_ersattare"
            voting = role in _VOTING_ROLES and block != "others"
        if absent(note) or _NOT_SERVING.search(note):
            voting = False
        people.append(
            Person(
                person=name,
                role=role,
                organisation=organisation or None,
                voting=voting,
                note=note or None,
                secretary=bool(_SECRETARY.search(cell("role") + " " + note)),
            )
        )
    return people


def parse_people(value: str, block: str) -> list[Person]:
    """The persons listed in one attendance block.

    Parameters
    ----------
    value : str
        The block's text (markup already removed), one or many lines.
    block : str
        ``voting`` (Beslutande), ``voting_sub`` (Tjänstgörande ersättare), ``substitutes``
        (Ersättare), ``others`` (Övriga deltagande) or ``present`` (Närvarande).

    Returns
    -------
    list of Person

    >>> [p.person for p in parse_people(
    ...     "Anna Ek, Sala kommun Bo Berg, Region Västmanland Cia Dahl, Försäkringskassan",
    ...     "voting")]
    ['Anna Ek', 'Bo Berg', 'Cia Dahl']
    """
    people: list[Person] = []
    table: list[list[str]] = []
    for raw in value.split("\n") + [""]:
        line = raw.strip()
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not all(re.fullmatch(r":?-{2,}:?|", c) for c in cells):
                table.append(cells)
            continue
        if table:
            people.extend(_parse_table(table, block))
            table = []
        if line:
            people.extend(_split_line(line, block))
    return people
