"""Page clutter at sentence level: cookie and consent notices, newsletter and app promotions, social-media
widgets, photo credits, web-archive notes. One filter for `brief`, `batch`, `eval`, the library, the API and
`ingest` (stories), so that clutter is neither briefed nor credited as corroboration, nor clustered on.

Two kinds of evidence, both read once and cached:

  learned  sentences, and word 8-grams, that recur in many *unrelated* clusters of Multi-News train and never in
           a reference summary (`python -m wirebrief.train.clutter --data .../train.jsonl.gz` writes
           models/clutter.json); plus models/boilerplate.json, whole sentences that recur in five or more
           training clusters (written by `wirebrief train`)
  rules    what recurs in wording rather than in exact words: text that addresses the reader about the web
           page ("you can add location information to your tweets"), imperative page furniture ("Click
           here ...", "Subscribe ..."), agency photo credits ("( photo: getty )", "reuters/jane doe")

A sentence is matched by its lower-cased word tokens joined by spaces, so tokenizer spacing and case do not matter.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from ..resources import SHIPPED_MODELS
from .lexical import BOILERPLATE_FILE, WORD

CLUTTER_FILE = SHIPPED_MODELS / "clutter.json"
SHINGLE = 8  # words: long enough that two unrelated news stories do not share one by chance

# the reader addressed about the page, the site or the device ("... to your Tweets", "your browser ...")
_READER = re.compile(r"\b(?:you|your|you're|you've)\b", re.IGNORECASE)
_WEB = re.compile(
    r"\b(?:tweets?|twitter|facebook|instagram|browser|javascript|cookies?|inbox|e-?mails?|newsletters?|subscri\w*"
    r"|sign(?:ed|ing)?\s+(?:up|in)|log(?:ged|ging)?\s+in|accounts?|apps?|notifications?|click\w*|tap|download\w*"
    r"|website|site|webpage|page|ad\s*-?blocker|ads|advertis\w*|comments?|video|legacy|settings|device|cache)\b",
    re.IGNORECASE,
)
# imperatives and labels of page furniture at the start of a sentence
_FURNITURE_OPENINGS = (
    r"(?:click|tap|subscribe|sign\s+up|follow\s+(?:us|@)|share\s+(?:this|on)|read\s+more|continue\s+reading|download"
    r"|get\s+(?:the\s+[\w&;\s]+\s+app|daily|breaking|push|our|the\s+latest)|see\s+it\s*:|take\s+our\s+poll"
    r"|advertisement|sponsored|skip\s+(?:to|in)|log\s+in|register\s+(?:now|for)|watch\s*:|video\s*:"
    r"|(?:photo|image|picture|credit)s?\s*(?::|by\b)|published\s+on\s+\w+\s+\d|media\s+playback|close\s+\w"
    r"|be\s+the\s+first\s+to\s+know|would\s+you\s+like\s+to|(?:image|media)\s+caption"
    r"|updated\s*:?\s*(?:\w+day,?\s+)?\d{1,2}\s*:\s*\d\d"
    # glued headlines and page labels readers found in briefs (issue 26): "Story highlights ...", "Image copyright
    # afp image caption ...", "More: ...", "Here are the most popular theories ...", "1 of 11 ...", "× ..."
    r"|story\s+highlights|image\s+copyright|hide\s+caption|(?:more|related|see\s+also|topics)\s*:"
    r"|here\s*(?:'\s*s|is|are)\b|learn\s+more\b|screenshot\s+(?:of|by)\b|\d+\s+of\s+\d+\b|×|❮"
    r"|the\s+following\s+is\s+an\s+excerpt|text\s+size\b|file\s+photo\s*:|photograph\s+by\b|photographer\s*:"
    r"|updated\s+at\s+\d)"
)
_FURNITURE_START = re.compile(_FURNITURE_OPENINGS, re.IGNORECASE)
# the same openings after any possible sentence break, for the whole-text test `may_contain`
_FURNITURE_START_IN_TEXT = re.compile(r"(?:^|[.!?\n])[\s\"'“‘`(\[]*" + _FURNITURE_OPENINGS, re.IGNORECASE)
_FURNITURE_ANYWHERE = re.compile(
    r"\b(?:media\s+playback\s+is\s+unsupported|your\s+browser\s+does\s+not|javascript|all\s+rights\s+reserved"
    r"|this\s+material\s+may\s+not\s+be\s+published|we\s+use\s+cookies|cookie\s+policy|privacy\s+policy"
    r"|terms\s+of\s+(?:use|service)|contributed\s+to\s+this\s+report|check\s+back\s+(?:soon|later)"
    r"|we\s*'?\s*ll\s+have\s+more|will\s+update\s+this\s+(?:story|post|article)|this\s+(?:story|post|article)\s+(?:has\s+been|was|will\s+be)"
    r"\s+updated|we\s+have\s+reached\s+out|delivered\s+(?:weekday|every|daily)|getty\s+images|ap\s+photo"
    r"|afp\s+photo|reuters\s*/\s*\w|/\s*reuters\b|/\s*getty\b|shutterstock|istockphoto"
    # page text readers found in briefs (issue 26)
    r"|story\s+continued\s+below|replay\s+more\s+videos|just\s+watched|you\s+must\s+enter\s+the\s+characters"
    r"|thank\s+you\s+for\s+reading|no\s+one\s+covers\s+what\s+is\s+happening|published\s+by\s+arrangement"
    r"|(?:video|audio|photos?|images?)\s+(?:shown\s+)?(?:above|below)\b|the\s+video\s+shown\s+here"
    r"|is\s+shown\s+here|in\s+this\s+(?:file\s+)?(?:photo|image|picture)|\bgmt\s*/\s*updated\b|toggle\s+caption|prev\s+next"
    r"|click\s+here|full-size\s+image|licensed\s+videos|below\s+(?:audio|video)\b|disclaimer\s*:|updated\s*:\s*\w+day"
    r"|\d{4}\s+\d{1,2}\s*:\s*\d\d\s*[ap]\.?m\.?\s+(?:et|edt|est|gmt|pt|pdt|pst)\s+by\b|\w+\.\.\.\s*\(\s*associated\s+press\s*\)"
    # a photo caption: "... is seen at boston children's hospital in boston, massachusetts february 26, 2015."
    r"|\b(?:is|are)\s+(?:seen|shown|pictured|displayed)\s+(?:on|in|at)\b[^.!?]*\b(?:19|20)\d\d\W*$"
    r"|(?:19|20)\d\d\s+(?:file\s+)?photo\W*$"
    r")"
    r"|[(\[]\s*(?:photo|image|picture|video|credit)s?\s*:|©"
    # a caption's "( left )", "( r ) and ...": where someone stands in the photo
    r"|\(\s*(?:l|left|right|centre|center|pictured|inset)\s*\)|\(\s*[lr]\s*\)\s+and\b",
    re.IGNORECASE,
)
_QUOTED_SPEAKER = re.compile(r"[\"“”]|``|''")


@lru_cache(maxsize=1)
def learned() -> tuple[frozenset[str], frozenset[str]]:
    """(whole sentences, 8-word shingles) of clutter, from models/clutter.json and models/boilerplate.json."""
    sentences: set[str] = set()
    shingles: set[str] = set()
    for file in (BOILERPLATE_FILE, CLUTTER_FILE):
        if file.is_file():
            data = json.loads(file.read_text(encoding="utf-8"))
            sentences.update(data.get("sentences", []))
            shingles.update(data.get("shingles", []))
    return frozenset(sentences), frozenset(shingles)


def word_shingles(words: list[str]) -> list[str]:
    """The 8-word shingles of a sentence's words."""
    return [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]


def is_clutter(text: str) -> bool:
    """Page furniture rather than reporting."""
    if _FURNITURE_START.match(text.lstrip("\"'“‘`([ ")) or _FURNITURE_ANYWHERE.search(text):
        return True
    if _READER.search(text) and _WEB.search(text) and not _QUOTED_SPEAKER.search(text):
        return True
    sentences, shingles = learned()
    words = WORD.findall(text.lower())
    if " ".join(words) in sentences:
        return True
    return bool(shingles) and any(s in shingles for s in word_shingles(words))


def may_contain(text: str) -> bool:
    """A cheap test on a whole text: False when no sentence of it can be clutter by the rules or the learned
    shingles (learned whole sentences are left to the caller, which can match them without splitting)."""
    if _FURNITURE_START_IN_TEXT.search(text) or _FURNITURE_ANYWHERE.search(text):
        return True
    if _READER.search(text) and _WEB.search(text):
        return True
    _, shingles = learned()
    return bool(shingles) and any(s in shingles for s in word_shingles(WORD.findall(text.lower())))
