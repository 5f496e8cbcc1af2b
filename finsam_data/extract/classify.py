"""Which measure a figure is, from the words around it (CONTRACT §3 vocabulary).

The rules are ordered lists of (pattern, measure) per unit family, tried first on the figure's
own clause and then on the whole sentence. A figure no rule fits gets ``other_amount`` /
``other_count`` / ``other_percent`` so that nothing stated is dropped; durations no rule fits
(``3 dagar`` of a course) are dropped, as an analyst would not want them.

>>> classify("SEK", "Samverkansteam Avesta och dess styrgrupp äskar", " för 2025.").measure
'request'
>>> classify("percent", "Av de 56 deltagare som avslutat insatsen har", " gått till arbete, studier")
Classified(measure='exit_share_work_study', sign=0, breakdown=None, family=None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from finsam_data.extract.firstchar import compile_fast, lowered, needed_words


def _re(pattern: str) -> re.Pattern[str]:
    return compile_fast(pattern, re.IGNORECASE)


_EQUITY = _re(r"eg(?:et|na)\s+kapital|kapitalet\b")
_FORECAST = _re(
    r"prognos|beräknas|förväntas|bedöms|kommer\s+(?:att\s+)?(?:ha|bli|landa|uppgå|vara|minska|öka)"
    r"|landar|troligtvis|preliminär|helårs"
)
_BUDGET = _re(r"budget|budgeter")
_ACTUAL = _re(r"utfall|bokslut|redovis|uppgick|har\s+varit|blev|uppgått")
_CLAUSE_END = _re(r",\s+(?:och|men|samt|medan|vilket|som|där)\b|;|\.\s")
# Words that restate the figure before in other terms ("…, vilket motsvarade 56 000 kr").
_RESTATES = _re(
    r"(?:motsvara\w*|vilket\s+(?:är|blir|ger)|dvs\.?|d\.v\.s\.?|det\s+vill\s+säga)"
    r"[^.;]{0,20}$"
)
_TRAINING = _re(
    r"^\W*(?:[\wåäö]+\s+){0,2}(?:utbildning|kurs|seminari|föreläsning|kompetensinsats)\w*\b"
)
_BUDGET_REFERENCE = _re(
    r"(?:jämfört\s+med|mot|än)\s+(?:ett\s+|det\s+)?budget\w*\s*"
    r"(?:resultat\w*\s*|underskott\w*\s*|överskott\w*\s*|kostnad\w*\s*)?(?:på\s*|\(\s*)?$"
)
_BASE_FAMILIES = ("result", "cost", "income")
_NEW_CLAUSE = _re(r"\b(?:och|samt|men|medan)\b|[,;]")
_COMPARED = _re(r"\b(?:mot|jämfört\s+med|än|i\s+förhållande\s+till|i\s+relation\s+till)\b")
_LOWER = _re(
    r"lägre|mindre|under\s+budget|underskrid|understeg|sänk|minsk|förbruk|sjunk|minus|anspråk|sämre"
)
_HIGHER = _re(r"högre|mer\s+än|större|över\s+budget|överskrid|överst(?:eg|iger)|ök|stig|plus|bättre")

_MONEY_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "needs",
        _re(
            r"behöver\s+(?:\w+\s+){0,6}(?:sänkas|minskas|ökas|sparas)(?:\s+med)?|sänkas\s+med|minskas\s+med|"
            r"besparing|spara\s+in|nettouttag"
        ),
    ),
    (
        "deviation",
        _re(
            r"(?:lägre|högre|mer|mindre|större|bättre|sämre)\s+(?:\w+\s+){0,2}än\s+(?:vad\s+som\s+)?"
            r"(?:budget|budgeterat|planerat|beräknat)|avvik|jämfört\s+med\s+budget(?!erat?\s+[-−–]?\d)|"
            r"utöver\s+budget|över\s+budget|under\s+budget|överskrid|underskrid|budgetavvikelse|"
            r"överst(?:eg|iger)\s+(?:sin\s+|sina\s+)?budget|understeg\s+(?:sin\s+)?budget"
        ),
    ),
    ("equity", _EQUITY),
    (
        "result",
        _re(r"resultat|överskott|underskott|minusbudget|plusbudget|nollbudget|nollresultat"),
    ),
    (
        "request",
        _re(r"äsk|ansök|anhåll|begär|söker\s+medel|sökt\s+medel|ansökt|\bsöker(?:\s+om)?\s*$"),
    ),
    (
        "allocation",
        _re(
            r"medelsti(?:l)?l?delning|medlemsbidrag|medlemsavgift|förbundets\s+tilldelning|"
            r"medlemmarnas\s+(?:\w+\s+)?(?:bidrag|tilldelning|insatser|medel)\b|"
            r"bidrag\s+från\s+(?:medlemmarna|huvudmännen)|medel\s+från\s+(?:huvudmännen|"
            r"medlemmarna|parterna|staten|förbundsmedlemmarna)|tilldelade\s+medel|statliga\s+medel|"
            r"statens\s+(?:andel|bidrag|medel)|huvudmännens\s+bidrag|tilldelats\s+förbundet|"
            r"förbundets\s+(?:tilldelade\s+)?medel\s+(?:för|under)"
        ),
    ),
    (
        "grant",
        _re(
            r"bevilj|tilldelning|tilldela|finansier|bidra(?:r|git|ga)?\s+med|bidrag\s+(?:på|om|med|"
            r"till)|anslå|anslag|stöd\s+med|stödja\s+med|utbetal"
        ),
    ),
    ("fee", _re(r"avgift")),
    ("income", _re(r"intäkt|inkomst")),
    (
        "cost",
        _re(
            r"kostnad|kostar|kosta|utgift|förbundets\s+bidrag\s+(?:under|för|i)\b|"
            r"(?<!utöver\s)(?<!över\s)(?<!under\s)(?<!med\s)"
            r"budget\s+(?:på|om)|budgeten|omslutning|insatskostnad|"
            r"lönekostnad"
        ),
    ),
)

_PERSONS_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "queue_length",
        _re(r"\bkö(?:n|er)?\b|kölist|väntelist|väntar\s+på|står\s+i\s+kö|stod\s+i\s+kö|\bväntade\b"),
    ),
    (
        "participants_new",
        _re(
            r"\bnya\b|nyinskriv|nytillkom|påbörja|skrivits\s+in|skrevs\s+in|startat|börjat|"
            r"tillkommit|inskrivning(?:ar)?\s+under"
        ),
    ),
    ("exits", _re(r"avslut|skrivits\s+ut|skrevs\s+ut|utskriv|lämnat\s+insats")),
    (
        "training_participants",
        _re(
            r"utbildning|kurs|seminari|konferens|workshop|föreläsning|mötesplats|nätverksträff|"
            r"utbildade|temadag|studiebesök"
        ),
    ),
    (
        "participants",
        _re(
            r"deltagare|deltagarna|personer|individer|inskrivna|aktuella|arbetat\s+med|kvinnor|\bmän\b|"
            r"ungdomar|brukare|klienter|\bunga\b|i\s+insatsen|i\s+teamet"
        ),
    ),
)

_PERCENT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "equity_ceiling_share",
        _re(
            r"(?:eg(?:et|na)\s+kapital)[^.]*(?:överstiga|högst|max|tak|får\s+uppgå)|"
            r"(?:överstiga|högst|max|tak)[^.]*eg(?:et|na)\s+kapital"
        ),
    ),
    ("equity_share_of_allocation", _EQUITY),
    (
        "exit_share_work_study",
        _re(
            r"(?:arbete|arbets\w*|jobb|anställning)\s*(?:,|/|eller|och)\s*(?:\w+\s+)?"
            r"(?:studier|utbildning|studera)|(?:studier|utbildning)\s*(?:,|/|eller|och)\s*arbete|"
            r"arbete\s*,\s*studier|arbetslivsinriktad\s+rehabilitering|arbetslivsriktad\s+rehab|"
            r"arbete\s+(?:och|samt)\s+\d+\s+(?:till\s+)?studier|"
            r"ordinarie\s+insatser\s+med\s+inriktning"
        ),
    ),
    (
        "exit_share_work",
        _re(
            r"(?:till|mot|i|fått|fick|till\s+ett)\s+(?:ett\s+)?(?:arbete|anställning|jobb|egen\s+"
            r"försörjning)|(?:enbart|endast|bara|enkom)\s+(?:till\s+)?arbete"
        ),
    ),
    ("participants_share", _re(r"\bkvinnor\b|\bmän\b|andel\s+(?:kvinnor|män)")),
    (
        "share_long_term_support",
        _re(
            r"långvarig|långtids|utanförskap|offentlig\s+försörjning|bidragsberoende|"
            r"mer\s+än\s+\d+\s+år|över\s+\d+\s+år"
        ),
    ),
    ("fee", _re(r"avgift")),
    (
        "cost_share",
        _re(
            r"kostnad|budget|medel|används|användes|gått\s+till|individinsatser|strukturinsats|"
            r"strukturpåverkande|insatser"
        ),
    ),
)

_YEARS_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "time_in_support_before_start_years",
        _re(
            r"före\s+(?:start|insats|inskrivning)|innan\s+(?:start|insats|inskrivning)|"
            r"bidragsförsörj|offentlig\s+försörjning|i\s+bidrag|tid\s+i\s+(?:bidrag|försörjning)|"
            r"sjukskriv|arbetslöshet|utanförskap"
        ),
    ),
)
_MONTHS_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("wait_time", _re(r"vänte?tid|kötid|vänta|från\s+remiss|till\s+(?:start|första\s+mötet)")),
    (
        "time_in_program_months",
        _re(
            r"genomströmning|tid\s+i\s+(?:insats|teamet|verksamhet)|i\s+insatsen|inskrivna\s+i\s+"
            r"(?:snitt|genomsnitt)|insatstid|inskrivningstid|i\s+snitt|genomsnitt"
        ),
    ),
)
_SHORT_TIME_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("wait_time", _re(r"vänte?tid|kötid|vänta|från\s+remiss|till\s+(?:start|första\s+mötet)|\bkö")),
)
_COUNT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (("member_count", _re(r"medlem|förbund")),)

_QUEUE = _re(
    r"\bkö(?:n|er|tid(?:en|er)?|lista\w*)?\b|väntelist\w*|\bväntar\s+på\s+(?:att|plats)|"
    # "Teamet har haft väntetider på upp till sex veckor": people waited, so there was a queue
    r"\b(?:har|hade)\s+(?:haft\s+)?(?:långa\s+|ökande\s+)?väntetider\b"
)
# Any word a queue sentence must contain (a cheap scan of the whole text first).
QUEUE_WORDS = re.compile(r"(?:kö|Kö|väntelist|Väntelist|väntar\s+på|Väntar\s+på|väntetider)")
_NO_QUEUE = _re(r"\b(?:ingen|inga|utan)\s+(?:kö|köer|väntelist\w*|väntetid)")


@dataclass(frozen=True, slots=True)
class Classified:
    """A figure's measure; ``sign`` is -1/+1 when the words give a direction, else 0."""

    measure: str | None
    sign: int = 0
    breakdown: str | None = None
    family: str | None = None  # money: the rule family that decided (for inheritance)


# The words each rule pattern needs, by the pattern's id (hashing a compiled pattern hashes
# its whole program); the entry keeps the pattern alive, so that its id is never reused.
_WORDS: dict[int, tuple[re.Pattern[str], tuple[str, ...] | None]] = {}


def _may_match(pattern: re.Pattern[str], low: str | None) -> bool:
    """False where ``pattern`` cannot match a text whose :func:`lowered` form is ``low``: it
    holds none of the words every match needs (a few substring tests instead of a scan)."""
    key = id(pattern)
    if key in _WORDS:
        words = _WORDS[key][1]
    else:
        words = needed_words(pattern)
        _WORDS[key] = (pattern, words)
    if words is None or low is None:
        return True
    for w in words:  # a plain loop: no generator per rule and text
        if w in low:
            break
    else:
        return False
    return True


def _first(rules: tuple[tuple[str, re.Pattern[str]], ...], *texts: str) -> str | None:
    for text in texts:
        if not text:
            continue
        low = lowered(text)
        for name, pattern in rules:
            if _may_match(pattern, low) and pattern.search(text):
                return name
    return None


def _nearest(rules: tuple[tuple[str, re.Pattern[str]], ...], before: str, after: str) -> str | None:
    """The rule whose match stands nearest the figure (end of ``before``/start of ``after``),
    rule order breaking ties; ``before`` counts a little nearer than ``after``."""
    best: tuple[int, int, str] | None = None
    low_before, low_after = lowered(before), lowered(after)
    for order, (name, pattern) in enumerate(rules):
        if _may_match(pattern, low_before):
            for m in pattern.finditer(before):
                dist = len(before) - m.end()
                cand = (dist, order, name)
                if best is None or cand < best:
                    best = cand
        m = pattern.search(after) if _may_match(pattern, low_after) else None
        if m and not _NEW_CLAUSE.search(after[: m.start()]):
            # "2 031 tkr och intäkterna till 2 067 tkr": a word past "och" names the next figure
            cand = (m.start() + 3, order, name)
            if best is None or cand < best:
                best = cand
    return best[2] if best else None


_CLAUSE_AFTER = _re(r",|;|\s+och\s+|\s+samt\s+|\s+men\s+")
_SPLIT_AFTER = _re(
    r"^\s*(?:%|procent)?\s*(?:bland|för|hos|av)\s+(?:de\s+)?(?:kvinnor(?:na)?|män(?:nen)?|"
    r"kvinnliga|manliga)\b"
)


_SPLIT_WORDS = _re(r"\b(?:bland|för|hos)\s+(?:kvinnor(?:na)?|män(?:nen)?)\b")


def _breakdown(text: str) -> str | None:
    low = text.lower()
    if re.search(r"\bkvinnor(?:na)?\b|\bkvinnliga\b|\bflickor\b", low):
        return "kvinnor"
    if re.search(r"\bmän(?:nen)?\b|\bmanliga\b|\bpojkar\b", low):
        return "män"
    return None


def money_kind(*texts: str) -> str:
    """'budget', 'forecast' or 'actual': the first of ``texts`` that names one decides
    (the clause before the figure first, then wider context)."""
    for text in texts:
        f = _FORECAST.search(text)
        b = _BUDGET.search(text)
        if f and b:
            return "forecast" if f.start() > b.start() else "budget"
        if f:
            return "forecast"
        if b:
            return "budget"
        if _ACTUAL.search(text):
            return "actual"
    return "actual"


_RESTATE_VERB = _re(r"motsvara\w*|vilket\s+(?:är|blir|ger)|dvs\.?|d\.v\.s\.?|det\s+vill\s+säga")


def _after_restating(before: str) -> str:
    """The words between a restating verb and the figure ("vilket ger *ett överskott på*")."""
    ends = [m.end() for m in _RESTATE_VERB.finditer(before)]
    return before[ends[-1] :] if ends else before


def restates(before: str) -> bool:
    """Whether the words right before a figure restate the figure before it ("vilket
    motsvarade")."""
    return bool(_RESTATES.search(before[-30:]))


def _direction(text: str) -> int:
    lo = _LOWER.search(text)
    hi = _HIGHER.search(text)
    if lo and (not hi or lo.start() >= hi.start()):
        return -1
    if hi:
        return 1
    return 0


def classify_money(
    before: str, after: str, sentence: str, inherit: str | None = None
) -> Classified:
    """A money figure's measure from its clause (``before``/``after``) and ``sentence``.

    ``inherit`` is the rule family of the previous money figure in the sentence, used when the
    figure's own clause names none (``minskar med 1 200 tkr (mot budgeterade 1 400 tkr)``).
    """
    clause_end = _CLAUSE_END.search(after)
    if clause_end:
        after = after[: clause_end.start()]  # ", och det egna kapitalet …" is another clause
    local = before + " " + after
    near_after = after[:60]
    restated = _RESTATES.search(before[-30:])
    deviation = dict(_MONEY_RULES)["deviation"]
    if inherit and restated and deviation.match(near_after.lstrip()):
        family = "deviation"  # "…, vilket är 240 tkr bättre än budget"
    elif inherit and restated and not _nearest(_MONEY_RULES, _after_restating(before[-30:]), ""):
        family = inherit  # "2,5 promille …, vilket för 2023 motsvarade 56 000 kr"
    else:
        family = _nearest(_MONEY_RULES, before, near_after) or inherit
    if family is None:
        family = _first(_MONEY_RULES, sentence)
    if family is None:
        return Classified(None)
    if inherit and _BUDGET_REFERENCE.search(before[-50:]):
        # "ett resultat på −250 tkr jämfört med budgeterat −420 tkr", "240 tkr bättre än
        # budget (−420 tkr)": the budget's own figure of what the sentence compares
        base = inherit if inherit in _BASE_FAMILIES else _first(
            tuple((n, p) for n, p in _MONEY_RULES if n in _BASE_FAMILIES), sentence
        )
        if base:
            return Classified(f"budget_{base}", family=base)
    # "Kostnaderna uppgår till 5 912 tkr mot en periodiserad budget på 6 250 tkr": what the
    # figure is compared with is another figure's kind
    compared = _COMPARED.search(near_after)
    # the sentence before the figure's own window speaks last ("Förslaget till budget 2025
    # omfattar intäkter på 7,2 Mkr och kostnader på 7,65 Mkr")
    anchor = before.strip()[-40:]
    at = sentence.rfind(anchor) if anchor else -1
    earlier = sentence[:at] if at > 0 else ""
    kind = money_kind(
        before[-90:], near_after[: compared.start()] if compared else near_after, earlier
    )
    if family == "needs":
        return Classified("other_amount", family=family)
    if family == "deviation":
        kind = "forecast" if _FORECAST.search(local) or _FORECAST.search(sentence) else "budget"
        return Classified(
            f"{kind}_deviation", _direction(after[:80] + " " + before[-60:]), family=family
        )
    if family == "equity":
        tail = before[-40:]
        level = re.search(
            r"\b(?:till|landar|landa|uppgå\w*|blir|på|är|var)\s*(?:ca\.?|cirka|kring|knappt|drygt|"
            r"nästan)?\s*$",
            tail,
            re.IGNORECASE,
        )
        change = (
            re.search(
                r"\b(?:med|förändring\w*)\s*(?:ca\.?|cirka|knappt|drygt|nästan)?\s*$", tail, re.I
            )
            or re.search(r"förändring", local, re.I)
            or re.search(r"förbruka|ta\s+i\s+anspråk|tas\s+i\s+anspråk|nyttja|använda", tail, re.I)
        )
        if change or (inherit == "equity" and not level and _BUDGET.search(tail)):
            return Classified(
                f"{kind}_equity_change",
                _direction(before[-80:]) or _direction(sentence),
                family=family,
            )
        # "Det egna kapitalet, som vid årsskiftet var 612 tkr, beräknas …": a past tense right
        # before the figure states the booked level, whatever the sentence forecasts after it
        booked = re.search(r"\b(?:var|uppgick\s+till|uppgått\s+till)\s*$", tail, re.I)
        forecast = not booked and (_FORECAST.search(local) or _FORECAST.search(sentence))
        return Classified("forecast_equity" if forecast else "equity", family=family)
    if family == "result":
        if re.search(r"minusbudget|plusbudget|nollbudget|budgeter", before[-60:], re.I):
            kind = "budget"
        sign = 0
        if re.search(r"underskott|minusbudget|negativt", local, re.IGNORECASE):
            sign = -1
        elif re.search(r"överskott|plusbudget|positivt", local, re.IGNORECASE):
            sign = 1
        return Classified(f"{kind}_result", sign, family=family)
    if family == "grant":
        if re.search(r"föreslå|förslag", sentence, re.IGNORECASE) and not re.search(
            r"^\W*att\s+bevilja|beslut", sentence, re.IGNORECASE
        ):
            return Classified("grant_proposal", family=family)
        if _FORECAST.search(before[-90:] + " " + sentence) or re.search(
            r"\bkan\s+bidra", local, re.IGNORECASE
        ):
            return Classified("forecast_grant", family=family)
        return Classified("grant", family=family)
    if family == "request" and re.search(r"bevilja|beviljat", before[-90:], re.IGNORECASE):
        return Classified("grant", family="grant")  # "beviljade … ansökningar om 20–62 tkr"
    if family in ("request", "allocation", "fee"):
        return Classified(family, family=family)
    if (
        family == "cost"
        and kind == "actual"
        and re.search(r"förslag|föreslå", sentence, re.IGNORECASE)
    ):
        return Classified("other_amount", family=family)
    return Classified(f"{kind}_{family}", family=family)


def _priority(
    rules: tuple[tuple[str, re.Pattern[str]], ...], before: str, after: str
) -> str | None:
    """The first rule (in priority order) that matches the clause around the figure."""
    for name, pattern in rules:
        if pattern.search(before) or pattern.search(after):
            return name
    return None


# The character replaced comes first and the letter before it is a look-behind after it, so
# that the regex engine jumps from one "-", "1" or "0" to the next.
_SOFT_BREAK = re.compile(r"-(?<=[a-zåäö]-)[ \t]*\n[ \t]*(?=[a-zåäö])")
_OCR_ONE = re.compile(r"1(?<=[a-zåäöA-ZÅÄÖ]1)(?=[a-zåäö])|1(?<=[a-zåäö]1)(?=[^\w]|$)")
_OCR_ZERO = re.compile(r"0(?<=[a-zåäöA-ZÅÄÖ]0)(?=[a-zåäö])")


def normalise_ocr(text: str) -> str:
    """OCR digits inside words read as letters, keeping every offset (``kvarta1et``)."""
    if "1" in text or "0" in text:
        text = _OCR_ZERO.sub("o", _OCR_ONE.sub("l", text))
    return text


def normalise_context(text: str) -> str:
    """Words as they were meant, for classification only (values and quotes stay as written):
    a word hyphenated across a line break is joined (``av-\nslutats``) and OCR digits inside
    words are read as letters (``de1tagare``, ``ordf0rande``)."""
    if "\n" in text:
        text = _SOFT_BREAK.sub("", text)
    if "1" in text or "0" in text:
        text = _OCR_ZERO.sub("o", _OCR_ONE.sub("l", text))
    return text


@lru_cache(maxsize=8192)  # a pure function of short texts, which recur across documents
def classify(
    unit: str | None, before: str, after: str, sentence: str = "", inherit: str | None = None
) -> Classified:
    """The measure of a figure in ``unit`` whose clause reads ``before`` FIGURE ``after``.

    ``sentence`` is the whole sentence, consulted when the clause says nothing; ``inherit``
    is the money rule family of the figure before (see :func:`classify_money`). Returns
    ``Classified(None)`` when nothing fits (the caller decides between inheriting the measure
    of a neighbouring figure, an ``other_*`` measure or dropping the figure).
    """
    sentence = sentence or before + " " + after
    if unit == "SEK":
        return classify_money(before, after, sentence, inherit)
    if unit == "persons":
        near_after = after[:80]
        # "18 deltagare och en kö på ca 10 personer": the words after a figure speak of it up
        # to the next clause; a queue named beyond that is another figure's
        clause = _CLAUSE_AFTER.split(near_after, maxsplit=1)[0]
        measure = _priority(_PERSONS_RULES, before[-80:], clause)
        if measure is None:
            measure = _priority(_PERSONS_RULES, before[-80:], near_after)
        if measure in (None, "participants") and _TRAINING.match(sentence):
            # "Förbundets utbildningar i … samlade under året 212 deltagare": the event that
            # gathered them opens the clause, far from the figure
            measure = "training_participants"
        return Classified(measure, 0, _breakdown(near_after[:20]))
    if unit == "percent":
        local_before, local_after = before[-100:], after[:140]
        if (
            _EQUITY.search(sentence)
            and re.search(
                r"motsvara\w*|utgör|utgjorde|vilket\s+är", local_before[-40:], re.IGNORECASE
            )
            and not re.search(r"överstiga|högst|max|tak", local_before + local_after, re.I)
        ):
            return Classified("equity_share_of_allocation")
        split = _SPLIT_AFTER.match(local_after)
        if split:
            # "… till arbete eller studier var 44 procent för kvinnor och 39 procent för män":
            # the words after only name the split; the share is named before it
            # "… 44 procent för kvinnor och 39 procent för män": the split words before the
            # second figure name the first figure's split, not a share of women
            measure = (
                _priority(_PERCENT_RULES, _SPLIT_WORDS.sub(" ", local_before), "")
                or _first(_PERCENT_RULES, _SPLIT_WORDS.sub(" ", before[-200:]))
                or _first(_PERCENT_RULES, _SPLIT_WORDS.sub(" ", sentence))
            )
            if measure and measure != "participants_share":
                return Classified(measure, 0, _breakdown(split.group(0)))
        # the words after a share say what it is a share of ("42 % till arbete eller studier och
        # 18 % till arbete"); the words before it may describe the previous figure
        measure = _priority(_PERCENT_RULES, "", local_after[:60]) or _priority(
            _PERCENT_RULES, local_before, local_after
        )
        if measure is None:
            measure = _first(_PERCENT_RULES, sentence)
            if measure in ("participants_share", "cost_share"):
                measure = None  # too weak from far away
        breakdown = _breakdown(local_after[:20]) if measure == "participants_share" else None
        return Classified(measure, 0, breakdown)
    if unit == "promille":
        if re.search(r"avgift", before + after + sentence, re.IGNORECASE):
            return Classified("fee")
        return Classified(None)
    # a time speaks of its own clause: "tid i insatsen var 12,4 månader, och väntetiden …"
    own_after = _CLAUSE_AFTER.split(after[:80], maxsplit=1)[0]
    if unit == "years":
        return Classified(_first(_YEARS_RULES, before[-120:] + " " + own_after))
    if unit == "months":
        return Classified(_nearest(_MONTHS_RULES, before[-120:], own_after))
    if unit in ("weeks", "days"):
        return Classified(_nearest(_SHORT_TIME_RULES, before[-120:], own_after))
    if unit == "count":
        return Classified(_first(_COUNT_RULES, before[-60:] + " " + after[:60]))
    return Classified(None)


def other_measure(unit: str | None) -> str | None:
    """The catch-all measure for a figure no rule classifies (None: drop it)."""
    return {
        "SEK": "other_amount",
        "persons": "other_count",
        "count": "other_count",
        "percent": "other_percent",
        "promille": "other_percent",
    }.get(unit or "")


def queue_signal(sentence: str) -> float | None:
    """1.0 where a sentence reports a queue/waiting list, 0.0 where it says there is none."""
    if _NO_QUEUE.search(sentence):
        return 0.0
    if _QUEUE.search(sentence):
        return 1.0
    return None


# -- tables ------------------------------------------------------------------------------------

_TABLE_MEASURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "exits_by_reason",
        _re(
            r"avslutsanledning|avslutsorsak|anledning\w*\s+(?:till|vid)\s+avslut|orsak\w*\s+(?:till|"
            r"vid)\s+avslut|avslutade\s+(?:till|per\s+orsak)|avslut\s+(?:per|fördelat\s+på)\s+"
            r"(?:orsak|anledning)|vart\s+\w+\s+(?:gick|går)|utfall\s+vid\s+avslut|"
            r"(?:avgång|avslut|utskriv)\w*\s+(?:per|efter|fördelat\w*\s+på|och)\s+(?:orsak|anledning)|"
            r"(?:orsak|anledning)\w*\s+(?:till|vid|för)\s+(?:avslut|avgång|utskrivning)|"
            r"avslut\w*\s+(?:med\s+)?(?:följande\s+)?(?:orsak|anledning)"
        ),
    ),
    (
        "intake_time_in_support",
        _re(
            r"tid\s+(?:i|med)\s+(?:offentlig\s+)?(?:försörjning|ersättning|bidrag)|tid\s+utan\s+"
            r"(?:egen\s+försörjning|arbete)|år\s+i\s+(?:offentlig\s+)?försörjning"
        ),
    ),
    (
        "support_at_exit",
        _re(r"(?:försörjning|ersättning|inkomstkälla|inkomst)\w*\s+vid\s+(?:avslut|utskrivning)"),
    ),
    (
        "support_at_intake",
        _re(
            r"(?:försörjning|ersättning|inkomstkälla|inkomst)\w*\s+vid\s+(?:inskrivning|start|"
            r"insatsens\s+start|inskrivningen)"
        ),
    ),
    ("training_participants", _re(r"utbildning|kurs|seminari|konferens|workshop|föreläsning")),
    ("participants_new", _re(r"nya\s+deltagare|nyinskriv|påbörjade")),
    ("exits", _re(r"avslut")),
    ("queue_length", _re(r"\bkö\b|väntelista")),
    (
        "participants",
        _re(r"deltagare|kommun|personer|inskrivna|kvinnor|\bmän\b|individer|deltagande"),
    ),
)


def classify_table(context: str) -> str | None:
    """The measure a people table's title/header names (``AVSLUTSANLEDNINGAR`` →
    ``exits_by_reason``), or None."""
    return _first(_TABLE_MEASURES, context)


@lru_cache(maxsize=1024)  # a pure function of a header
def column_measure(header: str) -> str | None:
    """A measure a single column header names strongly (``Antal nya deltagare``)."""
    if re.search(r"(?i)\bnya\b", header):
        return "participants_new"
    for name in ("participants_new", "exits", "queue_length"):
        pattern = dict(_TABLE_MEASURES)[name]
        if pattern.search(header):
            return name
    return None


def breakdown_of(text: str) -> str | None:
    """``kvinnor``/``män`` when ``text`` names one of them."""
    return _breakdown(text)
