"""The lexicon of reporting cues that mark a statement as somebody's speech.

The verb list starts from the reporting verbs collected by Krestel, Bergler and Witte (2008), "Minding the
Source: Automatic Tagging of Reported Speech in Newspaper Articles" (LREC 2008), and adds the cues news
copy uses for statements made in briefings, posts and interviews. Entries are lemmas, matched against
spaCy's lemma of a verb token, so every inflection ("said", "says", "saying") is covered by one entry.
"""

from __future__ import annotations

KRESTEL_2008_VERBS: frozenset[str] = frozenset(
    {
        "accuse", "acknowledge", "add", "admit", "advise", "agree", "allege", "announce", "argue", "ask",
        "assert", "believe", "blame", "charge", "cite", "claim", "complain", "concede", "conclude",
        "confirm", "contend", "criticize", "declare", "decline", "deny", "describe", "disagree",
        "disclose", "estimate", "explain", "fear", "hope", "insist", "maintain", "mention", "note",
        "order", "predict", "promise", "recall", "recommend", "reply", "report", "say", "state",
        "stress", "suggest", "tell", "testify", "think", "urge", "warn", "worry", "write",
    }
)

NEWS_VERBS: frozenset[str] = frozenset(
    {
        "caution", "post", "tweet", "emphasize", "emphasise", "reveal", "remark", "indicate", "signal",
        "reiterate", "reaffirm", "respond", "answer", "retort", "observe", "comment", "announce",
        "inform", "assure", "vow", "pledge", "threaten", "demand", "instruct", "command", "concur",
        "dismiss", "counter", "question", "wonder", "lament", "complain", "boast", "joke", "shout",
        "proclaim", "contend", "affirm", "underline", "underscore", "highlight", "point", "speculate",
        "brief", "criticise", "recount", "repeat", "clarify", "specify", "outline",
        "describe", "predict", "forecast", "hint", "suggest", "conclude", "echo", "quote", "declare",
        "call", "dub", "label", "brand", "term", "characterize", "characterise", "deem", "continue",
    }
)

SPEECH_VERBS: frozenset[str] = KRESTEL_2008_VERBS | NEWS_VERBS

# Nouns for people in a role: "the president said" refers back to a named person in context.
PERSON_ROLES: frozenset[str] = frozenset(
    {
        "president", "spokesperson", "spokesman", "spokeswoman", "minister", "secretary", "envoy", "chief",
        "commander", "leader", "ambassador", "chancellor", "premier", "senator", "governor", "mayor",
        "general", "adviser", "advisor", "aide", "director", "chairman", "chairwoman", "chair", "head",
        "diplomat", "negotiator", "lawmaker", "king", "queen", "pope", "official", "prosecutor",
        "judge", "ceo", "founder", "mp", "congressman", "congresswoman", "representative", "deputy",
        "officer", "colonel", "admiral", "analyst", "expert", "professor", "economist", "candidate",
    }
)

# Nouns that can stand behind "according to" as the source of a statement.
SOURCE_NOUNS: frozenset[str] = frozenset(
    {
        "source", "official", "report", "statement", "spokesperson", "spokesman", "spokeswoman", "ministry",
        "agency", "media", "medium", "outlet", "newspaper", "document", "data", "estimate", "figure",
        "survey", "poll", "study", "analyst", "expert", "witness", "resident", "diplomat", "police",
        "military", "army", "government", "office", "department", "committee", "person", "people",
    }
)


def is_speech_lemma(lemma: str) -> bool:
    """Whether a verb lemma introduces speech (case-insensitive)."""
    return lemma.lower() in SPEECH_VERBS
