"""Deletion-only trimming: page text glued into a sentence is cut out, and nothing is added or reordered.

Scraped pages glue furniture to the sentence next to it, and the splitter cannot part them, so the brief showed
it ("Moscow ( ap ) — russia's top investigative body said ...", "... vatican commission says enlarge this image
toggle caption gregorio borgia/ap gregorio borgia/ap furthering a thaw ..."). `trim` deletes it:

  dateline    a place with an agency or call sign in brackets and a dash ("Moscow ( ap ) —", "Colerain township,
              ohio ( wkrc ) -", "( cnn ) --", "Washington ( cnn )"), or a bare place and a dash ("Houston –",
              "Dover, fla. —", "San bernardino >>") when no second dash closes it as an aside ("Amash — who
              ... — became"), at the start, or after a bracketed photo credit ("( rj sangosti, the denver post )")
  credit      a photo credit opening the sentence ("sergei karpukhin / reuters file", "Photographer: luke
              sharrett/bloomberg")
  label       "Advertisement", "Continue reading the main story", a bracketed photo credit ("( photo: jane
              doe/ap )") opening it
  widget      page controls and stamps opening it ("Text size - + reset", "Play facebook twitter embed <title>
              2: 39", "Listen to article 4: 26 share this article facebook twitter linkedin email", "Published
              31 january 2011")
  glued       a caption or a dateline *inside* the sentence: what comes before it is a headline, a caption or a
              cut-off teaser, so it goes with it ("... says enlarge this image toggle caption X/ap X/ap furthering
              a thaw ...", "... police engaged... ( associated press ) iguala, mexico ( ap ) — a clandestine grave
              ...")
  aside       a bracketed aside about the page ("( click here )", "( related: ... )", "( also on politico: ... )")

The kept parts are `Sentence.pieces`, `[start, end)` spans of the article text; the shown text is them joined
(`model.join_pieces`) with the first letter capitalised, so attribution and highlighting stay exact. A cut that
would leave fewer than MIN_KEPT_WORDS words is not made: what is left is judged (wirebrief.text.worthy) as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ..types import Sentence, join_pieces
from .lexical import keeps_case

MIN_KEPT_WORDS = 4
DATELINE_MAX_CHARS = 120  # a dateline's bracket or dash comes within this many characters of where it starts
# agencies and broadcasters that datelines credit; with a dash after the bracket any short name counts ("wkrc")
_AGENCIES = r"(?:ap|associated\s+press|reuters|afp|cnn|upi|xinhua|bloomberg|marketwatch|mainstreet|ians|pti|ani)"
_WORD = r"[^\W\d_][\w.'’&-]*"
_PLACE = rf"{_WORD}(?:\s+{_WORD}){{0,4}}"  # "moscow", "vatican city", "new south wales"
_REGION = rf"(?:\s*,\s*{_WORD}(?:\s+{_WORD}){{0,2}})?"  # ", ohio", ", united arab emirates"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = rf"(?:\s*,?\s*{_MONTH}\s+\d{{1,2}}(?:\s*,\s*\d{{4}})?)?"  # ", Dec 13"
_DASH = r"(?:--|[-—–_:]|>>)"
# "Moscow ( ap ) —", "Colerain township, ohio ( wkrc ) -", "( cnn ) --", "Washington ( cnn )"
_AGENCY_DATELINE = re.compile(
    rf"(?P<place>{_PLACE}{_REGION}{_DAY}\s*)?\(\s*(?P<credit>[^\W\d_][\w .&/-]{{0,28}}?)\s*\)\s*(?P<dash>{_DASH})?\s+",
    re.IGNORECASE,
)
# "Houston –", "Dover, fla. —", "San bernardino >>": a place of at most three words, then a dash
_BARE_DATELINE = re.compile(
    rf"(?P<place>{_WORD}(?:\s+{_WORD}){{0,2}}){_REGION}\s*(?P<dash>--|[—–]|>>)\s+"
    r"(?!(?:who|whom|whose|which|and|or|but|not|nor|plus|including|with)\b)",
    re.IGNORECASE,
)
# "Ann arbor, mi - while ...": a hyphen makes a dateline only after a place and a region
_HYPHEN_DATELINE = re.compile(rf"(?P<place>{_WORD}(?:\s+{_WORD}){{0,2}})\s*,\s*{_WORD}(?:\s+{_WORD})?\s+-\s+", re.IGNORECASE)
_ANY_DASH = re.compile(r"\s(?:--|[-—–]|>>)\s")
# a dash later in the sentence closes an aside that the first one opened: "Amash — who ... — became"
_SECOND_DASH = re.compile(r"\s(?:--|[-—–])\s")
# words that open a sentence but never a place name
_NOT_PLACES = frozenset(
    "the a an this that these those his her its their our my your one some it he she they we i but and so yet or "
    "if when while as after before since although though because in on at for with by from of to".split()
)
# after a dash, a preposition opens the news, not an aside about the word before: "London — on july 28, ..."
_NEWS_AFTER_DASH = re.compile(r"(?:on|in|at|after|before|for|during|since|when|while|as|from|by)\b", re.IGNORECASE)
# --- shortening (a lead too long for the budget): parts that a reader can do without --------------------------
_ASIDE = re.compile(r"\s*\([^()]{1,120}\)|\s+(?:--|—|–)\s[^—–]{1,120}?\s(?:--|—|–)(?=\s)")
# ", a Japanese government spokesman said." / ", according to the police." at the end
_ATTRIBUTION_TAIL = re.compile(
    r",\s+(?:(?:[\w.'’-]+\s+){0,7}?(?:said|says|told\s+[\w ]{1,30}?|reported|announced)(?:\s+(?:on\s+)?\w+day)?"
    r"|according\s+to\s+[^,.!?]{1,60})(?P<stop>\s*[.!?][\"'”’)]*\s*)$",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“”]|``|''")
_FINAL = re.compile(r"\s*[.!?][\"'”’)]*\s*$")
# a clause that adds to a complete sentence: ", which ...", ", seeking ...", "... a row that has kept them from ..."
_CLAUSE = re.compile(
    r",\s+(?:which|who|where|while|including|as|after|before|seeking|hoping|making|leaving|bringing|saying|adding)\b"
    r"|\s+that\s+(?:has|have|had)\s+(?:long\s+)?(?:\w+ed|kept|held|prevented|been)\b",
    re.IGNORECASE,
)
# labels, and a bracketed photo credit: "Advertisement continue reading the main story ...", "( photo: jane doe/ap ) ..."
_LABEL_OR_CREDIT = re.compile(
    r"(?:(?:advertisement|subscribe|sponsored|continue\s+reading\s+the\s+main\s+story)\s+(?!to\b|for\b|now\b|today\b))+"
    r"|[(\[]\s*[^()\[\]]{0,80}?(?:photo|reuters|getty|\bap\b|afp|epa|shutterstock|istock|usa\s+today|courtesy"
    r"|provided|file)[^()\[\]]{0,80}[)\]]\s+(?=\w)",
    re.IGNORECASE,
)
_BRACKETED_CREDIT = re.compile(r"\(\s*[^()]{2,80}\)\s+")
_SLASH_CREDIT = re.compile(
    rf"(?:{_WORD}\s+){{0,4}}{_WORD}\s*/\s*(?:ap|reuters|getty(?:\s+images)?|afp|epa|bloomberg|invision|redferns)"
    r"(?:\s*/\s*\w+)*(?:\s+file)?\s+",
    re.IGNORECASE,
)
_WIDGET = re.compile(
    r"(?:text\s+size\s*-\s*\+\s*reset"
    r"|(?:play\s+)?facebook\s+twitter\s+embed\s+[^.!?]{1,160}?\d{1,2}\s*:\s*\d\d"
    r"|listen\s+to\s+(?:this\s+)?article\s+\d{1,2}\s*:\s*\d\d"
    r"|share\s+this\s+(?:article|story)"
    r"|the\s+latest\s+on\s+[^()]{1,80}\(\s*all\s+times\s+local\s*\)\s*:\s*\d{1,2}\s*:\s*\d\d\s*[ap]\.?m\."
    r"|updated\s+(?:at\s+)?\d{1,2}\s*:\s*\d\d\s*[ap]\.?m\.?(?:\s+(?:gmt|utc|et|est|edt|pt|pst|pdt|bst|cet))?"
    r"|(?:published|updated|posted)\s+(?:on\s+)?(?:\d{1,2}\s+" + _MONTH + r"|" + _MONTH + r"\s+\d{1,2}\s*,?)\s+\d{4}"
    r"|photographer\s*:\s*[^/]{2,40}/\s*(?:getty\s+images|\w+)"
    r"|photo\s*:\s*(?:getty(?:\s+images)?|ap|reuters|afp))\s+"
    r"(?:(?:facebook|twitter|linkedin|email|e-mail|whatsapp|pinterest|reddit|print)\s+)*",
    re.IGNORECASE,
)
# a caption the page toggles, its credit given twice: "toggle caption gregorio borgia/ap gregorio borgia/ap"
_CAPTION_TOGGLE = re.compile(
    r"(?:enlarge\s+this\s+image\s+)?i?toggle\s+caption\s+(?P<credit>\S+(?:\s+\S+){0,5}?)\s+(?P=credit)\s+", re.IGNORECASE
)
# a dateline inside the sentence: "... engaged... ( associated press ) iguala, mexico ( ap ) — a clandestine ..."
_GLUED_DATELINE = re.compile(
    rf"\(\s*(?:{_AGENCIES}|[a-z]{{2,5}})\s*\)\s*(?:--|[—–-])\s+|\(\s*(?:cnn|associated\s+press)\s*\)\s+", re.IGNORECASE
)
# a photo credit inside the sentence, after a headline: "... found dead at 50 gary wolstenholme / redferns / getty
# dave brockie, frontman ...", "... target: source disney phelan m. Ebenhack / ap the gunman ..." (polls are "ap/gfk")
_GLUED_CREDIT = re.compile(
    r"(?:\s/\s*(?:ap|reuters|bloomberg)|\s?/\s*(?:getty(?:\s+images)?|afp|epa|redferns))(?:\s*/\s*\w+)*(?:\s+file\b)?\s+(?=[^\W\d_])"
    r"|\sgetty(?:\s+images)?\s+(?=(?:a|an|the)\s)"  # "magic leap ceo rony abovitz getty a newly filed lawsuit ..."
    r"|\bphotographer\s*:\s*[^/()]{2,40}/\s*(?:getty\s+images|\w+)\s+|\bphoto\s*:\s*getty(?:\s+images)?\s+|\svia\s+getty(?:\s+images)?\s+"
    r"|^\W*getty(?:\s+images)?\s*(?:-\s*contributor\s+|\s(?=[^\W\d_]))",
    re.IGNORECASE,
)
# a font-size widget inside the sentence: "... message from the director text size - + reset yesterday ..."
_GLUED_WIDGET = re.compile(r"text\s+size\s*-\s*\+\s*reset\s+", re.IGNORECASE)
_PAGE_ASIDE = re.compile(
    r"\s*\(\s*(?:click\b|see\s+(?:video|photos?|below|above)|related\s*:|also\s+on\s+[\w .]{1,30}:|read\s+more\b"
    r"|watch\s*:|video\s*:|photos?\s*:)[^()]{0,120}\)",
    re.IGNORECASE,
)


def trim(sentence: Sentence) -> Sentence:
    """The sentence without the page text glued into it (see the module docstring); itself when there is none."""
    text = sentence.text
    cut = _front_cut(text)
    deletions = [(0, cut)] if cut else []
    deletions += [(m.start(), m.end()) for m in _PAGE_ASIDE.finditer(text, cut)]
    return delete(sentence, deletions) if deletions else sentence


def _front_cut(text: str) -> int:
    """How many characters of furniture open `text`: glued captions and datelines with what precedes them, then
    datelines, credits and widgets at the start, as many as follow one another."""
    cut = _glued_cut(text)
    while cut < len(text):
        step = _opening_furniture(text, cut)
        if not step:
            break
        cut = step
    return cut if _words_after(text, cut) >= MIN_KEPT_WORDS else 0


def _glued_cut(text: str) -> int:
    """The end of the last caption or dateline found inside `text` (0 when none): what precedes it goes."""
    cut = 0
    lower = text.lower()
    gates = ("caption" in lower, "(" in text, "text size" in lower, "/" in text or "getty" in lower)  # fmt: skip
    for pattern, gate in zip((_CAPTION_TOGGLE, _GLUED_DATELINE, _GLUED_WIDGET, _GLUED_CREDIT), gates):
        if not gate:  # a substring every match contains: most sentences have none, and searching costs
            continue
        for match in pattern.finditer(text):
            if pattern is _GLUED_DATELINE and "-" in match.group() and _SECOND_DASH.search(text, match.end()):
                continue  # "( ebrd ) -- the project's main sponsor -- is ...": an aside, not a dateline
            if text.count("(", 0, match.start()) > text.count(")", 0, match.start()):
                continue  # inside brackets: "( alex wong / getty images )" goes whole or not at all
            cut = max(cut, match.end())
    return cut


def _opening_furniture(text: str, at: int) -> int:
    """The end of one piece of furniture opening text[at:], or 0."""
    lowered = not keeps_case(text)
    head = text[at : at + DATELINE_MAX_CHARS]
    if "(" in head:
        match = _AGENCY_DATELINE.match(text, at)
        if match and _is_dateline(match, text, lowered, credit_needed=not match.group("dash")):
            return match.end()
    if _ANY_DASH.search(head):
        for pattern in (_BARE_DATELINE, _HYPHEN_DATELINE):
            match = pattern.match(text, at)
            if match and _is_dateline(match, text, lowered, credit_needed=False):
                return match.end()
    match = _BRACKETED_CREDIT.match(text, at)
    if match:  # "( rj sangosti, the denver post ) centennial — ...": a credit, then a dateline
        after = _BARE_DATELINE.match(text, match.end())
        if after and _is_dateline(after, text, lowered, credit_needed=False):
            return after.end()
    for pattern in (_LABEL_OR_CREDIT, _SLASH_CREDIT, _WIDGET):
        match = pattern.match(text, at)
        if match:
            return match.end()
    return 0


def _is_dateline(match: re.Match, text: str, lowered: bool, credit_needed: bool) -> bool:
    """Whether a match of a dateline pattern is one: its place is no ordinary opening, is capitalised in cased
    text, its dash opens no aside, and its bracket credits an agency where there is no dash."""
    place = match.groupdict().get("place") or ""
    words = place.split()
    if words and (words[0].lower() in _NOT_PLACES or any(w.lower().endswith("ly") for w in words)):
        return False  # "Mix slowly — you'll find ...": an adverb is no place
    if words and not lowered and not all(w[0].isupper() for w in words if w[0].isalpha()):
        return False
    credit = match.groupdict().get("credit")
    if credit is not None:
        if len(credit.split()) > 4 or credit.lower() in ("l", "r", "c", "left", "right", "center", "file", "inset"):
            return False
        if credit_needed and words and not re.fullmatch(_AGENCIES, credit, re.IGNORECASE):
            return False
        bare_call_sign = lowered and re.fullmatch(r"[a-z]{2,5}", credit) and credit not in ("here", "there", "sic")
        if not words and not match.groupdict().get("dash") and not (re.fullmatch(_AGENCIES, credit, re.IGNORECASE) or bare_call_sign):
            return False
    agency = credit is not None and re.fullmatch(_AGENCIES, credit, re.IGNORECASE)
    # "( ebrd ) -- the sponsor -- ...", "Amash — who ... — became": a bracket with no place, or one word without a
    # region, may be what an aside is about; a place with a bracket or a region is a dateline
    aside_possible = not agency and ((credit is not None and not words)
                                     or (credit is None and len(words) == 1 and "," not in match.group()))  # fmt: skip
    aside_possible = aside_possible and not _NEWS_AFTER_DASH.match(text, match.end())
    if aside_possible and match.groupdict().get("dash") != ">>" and _SECOND_DASH.search(text, match.end()):
        return False  # "Amash — who ... — became": the dash opens an aside a second one closes
    return True


def shorten(sentence: Sentence, fits: Callable[[str], bool]) -> Sentence | None:
    """The sentence with its least needed parts deleted until `fits(text)`, or None when it cannot be made to fit:
    for a lead too long for a small budget, which is trimmed rather than skipped. In turn: asides in brackets or
    between dashes, an attribution tail (", a government spokesman said."), then a trailing clause (", which ...",
    ", seeking ...", "a row that has kept them from ..."); each leaves a sentence that reads whole."""
    if fits(sentence.text):
        return sentence
    text = sentence.text
    deletions: list[tuple[int, int]] = []
    for find in (_asides, _attribution_tail, _trailing_clause):
        deletions += find(text, deletions)
        shorter = delete(sentence, deletions) if deletions else sentence
        if _words_after(shorter.text, 0) >= MIN_KEPT_WORDS and fits(shorter.text):
            return shorter
    return None


def _asides(text: str, deletions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _ASIDE.finditer(text) if m.start() > 0]


def _attribution_tail(text: str, deletions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    match = _ATTRIBUTION_TAIL.search(text)
    return [(match.start(), match.start("stop"))] if match and not _QUOTED.search(text) else []


def _trailing_clause(text: str, deletions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The last clause that can go: from its opening to the final punctuation (not inside a deleted part)."""
    stop = _FINAL.search(text)
    end = stop.start() if stop else len(text)
    for match in reversed(list(_CLAUSE.finditer(text, 0, end))):
        if not any(a <= match.start() < b for a, b in deletions) and _words_after(text[: match.start()], 0) >= 8:
            return [(match.start(), end)]
    return []


def _words_after(text: str, at: int) -> int:
    return len(text[at:].split())


def delete(sentence: Sentence, deletions: list[tuple[int, int]]) -> Sentence:
    """`sentence` without the [start, end) ranges of its text in `deletions` (they may overlap): the kept parts
    become its pieces, spans of the article text, and the first letter is capitalised when the opening went."""
    text = sentence.text
    kept, at = [], 0
    for start, end in sorted(deletions):
        if start > at:
            kept.append((at, start))
        at = max(at, end)
    kept.append((at, len(text)))
    parts: list[tuple[str, int]] = []  # (shown text, article offset of its first character)
    for (first, last), (source, _) in zip(sentence.text_spans(), sentence.spans):
        for start, end in kept:
            begin, stop = max(start, first), min(end, last)
            piece = text[begin:stop]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                parts.append((piece.strip(), source + begin + lead - first))
    if not parts:
        return sentence
    shown = join_pieces("\0".join(t for t, _ in parts), _offsets([t for t, _ in parts]))
    if kept[0][0] > 0:
        shown = _capitalise(shown)
    pieces = tuple((source, source + len(piece)) for piece, source in parts)
    return replace(sentence, start=pieces[0][0], end=pieces[-1][1], text=shown,
                   pieces=pieces if len(pieces) > 1 else ())  # fmt: skip


def _offsets(parts: list[str]) -> list[tuple[int, int]]:
    """The [start, end) of each part in the parts joined by one separator character."""
    spans, at = [], 0
    for part in parts:
        spans.append((at, at + len(part)))
        at += len(part) + 1
    return spans


def _capitalise(text: str) -> str:
    lead = 0
    while lead < len(text) and text[lead] in "\"'“‘`([ ":
        lead += 1
    return text[:lead] + text[lead : lead + 1].upper() + text[lead + 1 :]
