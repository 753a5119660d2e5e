"""Normalising name strings: trimming mention spans, matching keys, transliteration keys, junk tests.

Everything here works on plain strings (or a string plus offsets), so the same rules serve NER spans,
quote speakers and the analyst's alias file, and can be tested without a parse.
"""

from __future__ import annotations

import re
import unicodedata

# Titles that precede a person's name. Multi-word titles come first so the longest one is stripped.
PERSON_TITLES: tuple[str, ...] = (
    "secretary of state", "secretary-general", "secretary general", "attorney general", "vice president",
    "prime minister", "deputy prime minister", "foreign minister", "defence minister", "defense minister",
    "press secretary", "chief justice", "special envoy", "first lady", "crown prince", "house speaker",
    "field marshal", "lieutenant general", "major general", "brigadier general", "foreign secretary",
    "home secretary", "defence secretary", "defense secretary", "chief executive", "president-elect",
    "taoiseach", "tanaiste", "emir", "ayatollah", "archbishop", "bishop", "cardinal", "patriarch", "ceo",
    "president", "vice-president", "premier", "chancellor", "minister", "secretary", "senator", "sen",
    "representative", "rep", "congressman", "congresswoman", "governor", "gov", "mayor", "ambassador",
    "envoy", "spokesperson", "spokesman", "spokeswoman", "judge", "justice", "king", "queen", "prince",
    "princess", "emperor", "pope", "sheikh", "general", "gen", "colonel", "col", "lieutenant", "lt",
    "major", "maj", "captain", "capt", "sergeant", "sgt", "admiral", "adm", "commander", "marshal",
    "chairman", "chairwoman", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame",
    "lord", "lady", "rev", "reverend", "rabbi", "imam", "father", "mullah", "ayatollah", "cleric",
    "sayyed", "sayyid", "seyyed", "seyed", "sayyida", "hojatoleslam", "martyr",
    "datuk seri", "dato seri", "dato' seri", "dato’ seri", "datuk patinggi", "tan sri", "puan sri", "datin seri",
    "toh puan", "datin", "sultan", "chairperson", "advocate", "adv", "sultanah", "empress", "comrade", "cde",
    "datuk", "dato", "nsa", "cjp", "pak", "bapak", "ibu", "shri", "shrimati", "smt", "monsieur", "madame", "madam",
    "mme", "alhaji", "alhaja", "hajiya", "asiwaju", "otunba", "engr", "hon", "honourable", "daw",
    "spouse", "wife", "husband", "widow", "son", "daughter", "brother", "sister", "mother", "candidate",
    "activist", "opposition leader", "leader", "pm", "cabinet secretary", "cs", "mp", "mep", "dp",
)

# Titles safe to strip from any label (NER often calls "President Smith" an ORG); "General Motors" is not.
STRONG_TITLES: frozenset[str] = frozenset({
    "secretary of state", "vice president", "prime minister", "foreign minister", "press secretary",
    "president", "senator", "sen", "rep", "gov", "governor", "mr", "mrs", "ms", "mx", "dr", "prof",
    "ambassador", "envoy", "special envoy", "spokesperson", "spokesman", "spokeswoman", "chancellor", "pm",
})

# Words a span made only of titles is built from ("State" in "Secretary of State", "Press Secretary").
_PORTFOLIO_WORDS = frozenset({
    "state", "press", "national", "security", "foreign", "home", "interior", "defense", "defence",
    "affairs", "public", "chief", "deputy", "vice", "senior", "acting", "executive", "first", "special",
    "of", "and", "the", "for",
})
_TITLE_WORDS = frozenset(w for title in PERSON_TITLES for w in re.split(r"[\s-]+", title)) | _PORTFOLIO_WORDS

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
           "sept", "oct", "nov", "dec")
_DATE_WORDS = frozenset(_MONTHS) | frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
    "tomorrow", "the", "of", "on", "st", "nd", "rd", "th",
})

_title_alternation = "|".join(
    re.escape(t).replace(r"\ ", r"\s+") for t in sorted(PERSON_TITLES, key=len, reverse=True)
)
# Titles may be joined by hyphens ('Col-Gen', 'Colonel-General', 'Lt-Gen').
_LEADING_TITLE = re.compile(rf"(?:{_title_alternation})(?:\.?-(?:{_title_alternation}))*\.?\s+(?=\S)", re.IGNORECASE)
_LEADING_THE = re.compile(r"the\s+(?=\S)")
# A word of stance before a name ('pro-European Milo Djukanovic', 'anti-Trump'): lower case, never a name's.
_LEADING_STANCE = re.compile(r"(?:pro|anti|ex|non|neo)-\S+\s+(?=\S)")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=[sSzZ])['’])$")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Jr|Sr|Inc|Co|Ltd|Corp|St|Mt|Ft|Bros)\.$")
_TRIM_CHARS = " \t\r\n\u00a0\"'“”‘’«»()[]{}<>,;:!?*•|—–-/\\"
_FOLDS = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "‐": "-", "–": "-", "—": "-",
                         # Letters Unicode does not split into a base and an accent: 'Rafał' is 'Rafal'.
                         "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ð": "d",
                         "Ð": "D", "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe"})
# An apostrophe for a glottal stop written after a space ('Sa ‘aar' for 'Sa’ar'): one word.
_SPLIT_APOSTROPHE = re.compile(r"\b(\w{1,3}) '(\w+)$")
# A nickname of several words quoted inside a name ('Gerry ‘The Monk’ Hutch') is not part of the key; one
# word stays, a name the person may go by ('Leandro “Lele” Castellvi').
_QUOTED_NICKNAME = re.compile(r"(?<=\w)\s+['\"“«][^'\"“”«»\s]+(?:\s+[^'\"“”«»\s]+){1,3}['\"”»]\s+(?=\w)")
_OPEN_QUOTES = frozenset("\"'“‘«")
_CLOSE_QUOTES = frozenset("\"'”’»")
_SINGLE_LETTERS = re.compile(r"\b([a-z]) (?=[a-z]\b)")
_DOUBLE_LETTER = re.compile(r"(.)\1+")
_TRANSLIT_END = re.compile(r"(?:yy|yi|iy|ij|ii|y|i)$")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_PREFIXED_NAME = re.compile(r"[a-z]{1,3}[-'’][A-Z][\w'’-]*")  # al-Thani, d'Estaing, o'Neill

NAME_PARTICLES = frozenset({"de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du",
                            "bin", "ibn", "al", "el", "ben", "dos", "das", "y"})


def trim_span(text: str, start: int, end: int, strip_person_titles: bool = True) -> tuple[int, int]:
    """The offsets of `text[start:end]` without surrounding punctuation, titles, 'the' or a possessive.

    Offsets stay offsets into `text`, so text[start:end] is exactly the stored surface form. With
    `strip_person_titles` False only the strong titles ("President", "Mr") are removed.
    """
    for _ in range(8):
        before = (start, end)
        while start < end and text[start] in _TRIM_CHARS:
            start += 1
        while end > start and text[end - 1] in _TRIM_CHARS:
            end -= 1
        # A bracket the span opens and does not close ('Democratic Alliance (DA'), or closes and does not
        # open ('Reuters) Joe Biden'): the name is on the side without it.
        bracket = text.rfind("(", start, end)
        if bracket > start and text.find(")", bracket, end) < 0:
            end = bracket
        bracket = text.find(")", start, end)
        if 0 <= bracket < end - 1 and text.rfind("(", start, bracket) < 0:
            start = bracket + 1
        possessive = _POSSESSIVE.search(text, start, end)
        if possessive and possessive.start() > start:
            end = possessive.start()
        if end > start and text[end - 1] == "." and not _ABBREVIATION_END.search(text[start:end]):
            end -= 1
        the = _LEADING_THE.match(text, start, end)
        if the:
            start = the.end()
        stance = _LEADING_STANCE.match(text, start, end)
        if stance:
            start = stance.end()
        title = _LEADING_TITLE.match(_base_letters(text[start:end]))
        if title and (strip_person_titles or _title_key(title.group()) in STRONG_TITLES):
            start += title.end()
        if (start, end) == before:
            break
    return start, end


# Titles that say which office a person holds, so two namesakes differ by them ('President Rajapaksa',
# 'former President Mahinda Rajapaksa'); courtesy and family words say nothing of that.
_COURTESY = frozenset({"mr", "mrs", "ms", "mx", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
                       "spouse", "wife", "husband", "widow", "son", "daughter", "brother", "sister", "mother",
                       "father", "leader", "candidate", "activist", "rev", "reverend"})
_TITLE_BEFORE = re.compile(
    rf"(?:\b(former|ex|late|then|acting|interim|outgoing)[\s-]+(?:[\w'’.-]+\s+){{0,2}}?)?\b({_title_alternation})\.?\s+$",
    re.IGNORECASE,
)


def office_before(text: str, start: int) -> str | None:
    """The office named right before a name ('president', 'former president'), or None; courtesy titles
    ('Mr', 'Dr') and family words are not offices."""
    m = _TITLE_BEFORE.search(text, max(0, start - 60), start)
    if not m:
        return None
    office = _title_key(m.group(2))
    if office in _COURTESY:
        return None
    return f"former {office}" if m.group(1) else office


def _base_letters(text: str) -> str:
    """`text` with each letter's accent dropped, one character for one, so offsets still hold: an
    accented title ('Asíwájú', 'Señor') is stripped like its plain spelling."""
    if text.isascii():
        return text
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text)


def _title_key(matched: str) -> str:
    return " ".join(matched.lower().rstrip().rstrip(".").split())


def strip_name(name: str) -> str:
    """A free-text name without titles, possessive, quotes or punctuation ("Mr. Smith's" -> "Smith")."""
    start, end = trim_span(name, 0, len(name))
    return name[start:end]


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of a string."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLDS))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def name_key(name: str) -> str:
    """The matching key of a surface form: 'U.S.' == 'US' == 'us', 'J. D. Vance' == 'JD Vance'."""
    key = _QUOTED_NICKNAME.sub(" ", fold(name)).replace(".", " ")
    key = re.sub(r"[^\w' -]+", " ", key)
    key = " ".join(key.split())
    key = _SINGLE_LETTERS.sub(r"\1", key)
    key = _SPLIT_APOSTROPHE.sub(r"\1'\2", key)
    if key.endswith("'s"):
        key = key[:-2]
    return key.strip(" '-")


def translit_token(token: str) -> str:
    """One name word reduced over transliteration variants: Zelenskyy, Zelenskiy -> zelensky."""
    word = _DOUBLE_LETTER.sub(r"\1", fold(token).replace("'", ""))
    if len(word) > 3:
        word = _TRANSLIT_END.sub("y", word)
    return word


def translit_key(name: str) -> str:
    """A whole name reduced word by word over transliteration variants (see `translit_token`)."""
    return " ".join(translit_token(t) for t in name_key(name).replace("-", " ").split())


def name_tokens(name: str) -> list[str]:
    """The words of a name key, hyphenated parts kept together ("jean-claude")."""
    return name_key(name).split()


def surname(name: str) -> str:
    """The family-name word of a personal name (its last word), as a transliteration key."""
    tokens = name_tokens(name)
    return translit_token(tokens[-1]) if tokens else ""


def given_name(name: str) -> str:
    """The first word of a multi-word personal name as a transliteration key, '' for a bare surname."""
    tokens = name_tokens(name)
    return translit_token(tokens[0]) if len(tokens) > 1 else ""


def is_initial(given: str) -> bool:
    """True for a given name written as an initial ('J', 'J.')."""
    return len(given.strip(".")) == 1


def is_well_formed_name(name: str) -> bool:
    """A capitalised multi-word name without digits or stray punctuation: fit to be a canonical name."""
    words = name.split()
    core = [w for w in words if w.lower() not in NAME_PARTICLES]
    if len(words) < 2 or len(core) > 5 or any(ch.isdigit() for ch in name):
        return False
    # A nickname in quotes inside the name is part of it ('Sebastian “Baste” Duterte').
    words = [w[1:-1] if len(w) > 2 and w[0] in _OPEN_QUOTES and w[-1] in _CLOSE_QUOTES else w for w in words]
    return all(w[:1].isupper() or w.lower() in NAME_PARTICLES or _PREFIXED_NAME.fullmatch(w) for w in words) and all(
        _WORD.fullmatch(w) for w in words
    )


def is_title_only(name: str) -> bool:
    """A span made only of titles and office words ("State", "Press", "National Security")."""
    words = re.split(r"[\s.-]+", name.lower())
    words = [w for w in words if w]
    return bool(words) and all(w in _TITLE_WORDS for w in words)


def is_date_like(name: str) -> bool:
    """Dates and weekdays that NER sometimes labels as a name ("March 12", "Wednesday")."""
    words = [w for w in re.split(r"[\s,./-]+", name.lower()) if w]
    if not words:
        return False
    return all(w in _DATE_WORDS or w.isdigit() or re.fullmatch(r"\d+(?:st|nd|rd|th)", w) for w in words)


def is_junk(name: str) -> bool:
    """A span that cannot name an actor: no letters, all lowercase, a line break, only titles, a date."""
    if len(name) < 2 or "\n" in name or not any(ch.isalpha() for ch in name):
        return True
    if not any(ch.isupper() for ch in name):
        return True
    return is_title_only(name) or is_date_like(name)


def slugify(name: str) -> str:
    """A readable, stable id for a canonical name: 'Volodymyr Zelensky' -> 'volodymyr-zelensky'."""
    return _SLUG_DROP.sub("-", fold(name).replace("'", "")).strip("-") or "actor"


NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

# Words that are never a person's name, whatever NER says: page furniture that sticks to bylines
# ("Jane Doe Published"), administrative units, and the words newspapers are named with.
NEVER_NAME_WORDS = frozenset({
    "published", "updated", "posted", "modified", "advertisement", "subscribe", "newsletter", "share",
    "comments", "complete", "exclusive", "breaking", "live", "opinion", "editorial", "analysis", "photo",
    "photos", "video", "watch", "listen", "read", "more", "oblast", "raion", "krai", "okrug", "region",
    "province", "district", "gazette", "herald", "tribune", "times", "post", "journal", "chronicle",
    "courier", "telegraph", "daily", "weekly", "news", "press", "media", "agency", "wire", "online",
})


def strip_noise_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without leading or trailing never-name words ('Jane Doe Published' -> 'Jane Doe')."""
    words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
    while words and fold(text[words[-1][0]:words[-1][1]]) in NEVER_NAME_WORDS:
        words.pop()
    while words and fold(text[words[0][0]:words[0][1]]) in NEVER_NAME_WORDS:
        words.pop(0)
    if not words:
        return start, start
    return words[0][0], words[-1][1]


def is_name_noise(name: str, outlet_words: frozenset[str] = frozenset()) -> bool:
    """A span labelled PERSON that cannot be a person: only never-name words, or a word of an outlet's name."""
    words = [fold(w) for w in _WORD.findall(name)]
    if not words or all(w in NEVER_NAME_WORDS for w in words):
        return True
    return len(words) == 1 and words[0] in outlet_words
