"""Fast paths (first-character look-aheads, word tests, caches) find exactly what the plain
code finds."""

import random
import re
from importlib import resources

import pytest
import yaml

from finsam_data.extract import classify, firstchar, sentence
from finsam_data.extract.firstchar import compile_fast, first_chars
from finsam_data.text import periods

# Every code point a str pattern can meet (surrogates cannot stand in a str for re).
_ALL = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def _chars(lookahead: str, flags: int) -> set[str]:
    return set(re.findall(lookahead.replace("(?=", "(?:", 1), _ALL, flags))


def test_no_lookahead_where_a_match_can_start_anywhere():
    assert first_chars(r"(?i)a?b*") is None  # can match the empty string
    assert first_chars(r".x") is None
    assert first_chars(r"[^a]x") is None
    assert first_chars(r"\w+x") is None  # a category: too wide to pay
    assert first_chars(r"avgift", re.I) is None  # one literal: no gain


def test_the_lookahead_holds_every_first_character_under_the_case_rule():
    ahead = first_chars(r"\b(?:kö|väntar)|(?-i:Q)x", re.I)
    chars = _chars(ahead, re.I)
    # case-insensitive letters with every form the engine folds to them, the case-sensitive Q
    assert {"k", "K", "\u212a", "v", "V", "Q"} <= chars
    assert "q" not in chars


def _texts() -> list[str]:
    folder = resources.files("finsam_data") / "corpus"
    texts = [p.read_text(encoding="utf-8") for p in folder.iterdir() if p.name.endswith(".txt")]
    rnd = random.Random(7)
    pieces = [
        t[a : a + rnd.randrange(1, 300)] for t in texts for a in rnd.sample(range(len(t)), 40)
    ]
    odd = "ſkalÅr İnkomst KVARTAL 2 ıntäkt budgetavvikelse Kostnad ÄSKAR äskar K\u212aö"
    return texts + pieces + [odd, odd.lower(), odd.upper()]


def _rule_patterns() -> list[re.Pattern[str]]:
    out = [p for _name, p in classify._MONEY_RULES + classify._PERSONS_RULES]
    out += [p for _name, p in classify._PERCENT_RULES + classify._TABLE_MEASURES]
    cues = sentence.cues()
    for field in cues.__dataclass_fields__:
        for p in getattr(cues, field):
            out += [cue[-1] for cue in p.cues] if isinstance(p, sentence.CueSet) else [p]
    return out


@pytest.mark.parametrize("pattern", _rule_patterns(), ids=lambda p: p.pattern[:40])
def test_fast_patterns_match_exactly_as_plain_ones(pattern):
    body = re.sub(
        r"^\(\?=\(\?[-i]*:\[[^\]]*\]\)(?:\|\(\?[-i]*:\[[^\]]*\]\))*\)\(\?:", "(?:", pattern.pattern
    )
    plain = re.compile(body, pattern.flags)
    for text in _texts():
        assert [m.span() for m in plain.finditer(text)] == [
            m.span() for m in pattern.finditer(text)
        ]


def test_compile_fast_keeps_groups_and_inline_flags():
    fast = compile_fast(r"(?i)\b(?P<w>ansök|äsk)\w*")
    assert fast.groupindex == {"w": 1}
    assert fast.search("Teamet ÄSKAR 2 tkr").group("w") == "ÄSK"


@pytest.mark.parametrize(
    "pattern",
    [p for _kind, p in periods._PATTERNS] + [periods._MAYBE],
    ids=lambda p: p.pattern[:40],
)
def test_the_periods_lookaheads_admit_every_first_character(pattern):
    written = re.match(r"\(\?=\(\?i:\[[^\]]*\]\)\)", pattern.pattern)
    if written is None:
        return
    derived = first_chars(pattern.pattern[written.end() :], pattern.flags)
    assert derived is not None
    assert _chars(derived, pattern.flags) <= _chars(written.group(0), pattern.flags)


def test_a_cue_set_finds_what_the_alternation_of_its_cues_finds():
    text = resources.files("finsam_data.registry").joinpath("cues.yml").read_text("utf-8")
    data = yaml.safe_load(text)
    kinds = [cues for group in data.values() for cues in group.values()]
    texts = [sentence.plain(t) for t in _texts()]
    texts += ["Kommunen har ett eget sparbeting", "en nätverksträff med 40 deltagare", "Målet"]
    for cues in kinds:
        one = re.compile("|".join(f"(?:{p})" for p in cues), re.IGNORECASE)
        each = sentence.CueSet(cues)
        for t in texts:
            a, b = one.search(t), each.search(t)
            assert (a and a.span()) == (b and b.span()), (cues, t)


def test_the_number_word_lookahead_admits_every_first_character():
    from finsam_data.text import numbers

    pattern = numbers._WORD_FIGURE_RE
    written = re.match(r"\(\?=\[[^\]]*\]\)", pattern.pattern)
    assert written is not None
    derived = first_chars(pattern.pattern[written.end() :], pattern.flags)
    assert derived is not None
    assert _chars(derived, pattern.flags) <= _chars(written.group(0), pattern.flags)


def test_the_unit_lookahead_admits_every_first_character():
    from finsam_data.text import numbers

    derived = first_chars(numbers._UNIT)
    assert derived is not None
    assert _chars(derived, 0) <= _chars(numbers._UNIT_FIRST, 0)


def test_noise_branches_find_what_their_alternation_finds():
    from finsam_data.text import numbers

    texts = _texts() + [
        "Dnr 2024/17 İnkomst den 3 maj, sid 4 (5) och ärenden 12",
        "DEN 4 Den 5 den\n\n6 § 4-5, 7 och 9 Paragraferna 3 kl. 9.30 unga under 25 år",
    ]
    for words, rest in numbers._WORD_NOISE_BRANCHES:
        alternation = re.compile(
            "(?:" + "|".join(re.escape(w) for w in words) + ")" + rest, re.MULTILINE
        )
        branch = numbers._Branch(words, rest)
        for t in texts:
            expected = [m.span() for m in alternation.finditer(t)]
            assert branch.spans(t, t.lower()) == expected, (words, t[:60])
            assert branch._searched(t) == expected


def test_safe_literal_characters_lower_case_as_the_engine_folds_them():
    from finsam_data.extract import firstchar

    apart = set("\u0130\u0131\u017f")
    assert {c for c in apart if firstchar.lowered(c) is None} == apart
    for c in firstchar.SAFE_LITERAL:
        for x in re.findall(re.escape(c), _ALL, re.IGNORECASE):
            assert x in apart or x.lower() == c, (c, x)
    assert {x for x in _ALL if len(x.lower()) != 1} == {"\u0130"}


def test_queue_hits_are_where_the_queue_words_match():
    from finsam_data.extract import classify, prose

    texts = _texts() + ["Kö KÖ kö väntar  på Väntar\npå väntelistan İ kö", "väntetider kökö"]
    for t in texts:
        assert prose._queue_hits(t) == [m.start() for m in classify.QUEUE_WORDS.finditer(t)]


def test_present_and_past_tests_skip_only_clauses_without_their_words():
    texts = _texts() + ["Insatsen har IDAG en kö", "just  nu", "tidigare äskanden", "Tİdigare år"]
    for t in texts:
        assert sentence.reading_present(t, 0) == bool(
            sentence._PRESENT.search(t[slice(*sentence.clause_bounds(t, 0, 1))])
        )
        assert sentence.reading_past(t, 0) == bool(
            sentence._PAST.search(t[slice(*sentence.clause_bounds(t, 0, 1))])
        )
    assert set("".join(sentence._PRESENT_WORDS)) <= firstchar.SAFE_LITERAL


def test_every_month_word_starts_with_a_word_the_month_test_looks_for():
    assert all(any(w.startswith(m) for m in periods._MONTH_STARTS) for w in periods.MONTHS)


def test_periods_word_tests_hold_for_every_match():
    for i, words in periods._WORDS_NEEDED.items():
        pattern = periods._PATTERNS[i][1]
        derived = sentence._needed_words(pattern.pattern, pattern.flags)
        assert derived, i
        assert all(any(w in d.lower() for w in words) for d in derived), (i, derived)
        assert set("".join(words)) <= firstchar.SAFE_LITERAL
    maybe_words = sentence._needed_words(periods._MAYBE.pattern.split("|(?i:", 1)[1][:-2])
    assert maybe_words and all(any(w in d for w in periods._MAYBE_WORDS) for d in maybe_words)


def test_periods_found_as_by_every_pattern():
    texts = _texts() + [
        "tertial 2 och T3 2025",
        "KVARTAL 1",
        "vid UTGÅNGEN av 2023",
        "İ jan–mar 2024",
    ]
    for t in texts:
        for ref in (None, 2024):
            assert periods._find(t, ref) == _all_patterns(t, ref)


def _all_patterns(text, ref_year):
    found, taken = [], []
    for kind, pattern in periods._PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(ts < e and s < te for ts, te in taken):
                continue
            if kind in ("year", "year_paren", "years", "bare_year") and periods._NOT_PERIOD.search(
                text[:s]
            ):
                continue
            dates = periods._one(kind, m, ref_year)
            if dates is None:
                continue
            taken.append((s, e))
            found.append(periods.Period(dates[0], dates[1], s, e, kind))
    found.sort(key=lambda p: p.char_start)
    return tuple(found)


@pytest.mark.parametrize("pattern", _rule_patterns(), ids=lambda p: p.pattern[:40])
def test_every_match_holds_one_of_the_needed_words(pattern):
    words = firstchar.needed_words(pattern)
    if words is None:
        return
    for text in _texts():
        low = firstchar.lowered(text)
        for m in pattern.finditer(text):
            assert low is None or any(w in m.group(0).lower() for w in words), m.group(0)


def test_sentences_outside_are_the_sentences_of_the_blocks():
    from finsam_data.extract import prose

    for t in _texts()[:8]:
        skip = [(len(t) // 3, len(t) // 2)]
        a = prose.sentences_outside(t, skip)
        b = prose.sentences(t, prose.blocks(t, skip))
        assert [(s.start, s.end, s.block, s.item) for s in a] == [
            (s.start, s.end, s.block, s.item) for s in b
        ]
