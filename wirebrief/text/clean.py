"""Strip scraped boilerplate from one news article so that only the reporting is left.

The input is the plain text of one article (a .txt file, or what trafilatura extracted from HTML).
It is split into paragraphs at newlines; a line that stops without final punctuation and is
followed by a lower-case line on the next line is a hard wrap and is joined back.

Removed paragraphs (every rule has a word limit, so none can drop a long body paragraph):
  share     share/follow bars made only of social-network words ("flipboard facebook twitter
            whatsapp", "Follow us on Twitter"), font-size widgets ("A+A-")
  stamp     "Published: ... | Last Updated: ...", "PUBLISHED : ...", "UPDATED : ...", "Posted on <date>";
            the first one's date becomes `published`
  teaser    "READ MORE: ...", "Related: ...", "ALSO READ", "See also", "Recommended", "More from ..."
  comments  comment-moderation notices: "The views expressed in comments ...", or text about
            comments with a moderation word (moderate, guidelines, disclaimer, reserve the right)
            that addresses the reader (you, we, please) and quotes nobody ("Disclaimer : We
            respect your thoughts ... while moderating your comments")
  promo     app and newsletter ads ("Download the app", "... App. Download now", "Sign up for ...")
  photo     captions and credits: "Putin | AP", "(Photo: Reuters)", "Photo by ...", "Image copyright ...",
            "Jane Doe/Getty Images"
  credit    "Source: AFP", "(Reporting by ...; Editing by ...)", "Additional reporting by ...",
            "Writing by ...", "— Reuters" alone, copyright lines ("© 2016 ...", "All rights reserved")
  byline    "By Jane Doe"
  meta      metadata keys left in the text ("DATE_TIME: ORANJESTAD, Aruba")
  leading   lines before the first body paragraph that do not end a sentence: kickers ("BREAKING
            NEWS", "Shinzo Abe"), standfirsts, and the headline when the caller already has it.
            With find_title=True the first of them with >= 3 words, not ending in a period or a
            lead-in ":" and not a kicker, is the title (returned, not put in `removed`).
  label     short lines without final punctuation: section labels, body sub-headings
            ("'Don't trade in territories'"), "Advertisement"; up to 20 words when the whole line
            is in brackets ("[Related: ...]", "(Photo: ...)")
  question  a short one-sentence question, capitalised, with no quotation marks, standing alone: on
            news sites almost always a link to another story ("Can space bring two old rivals
            closer together?"). RISK: a reporter's rhetorical question set as its own paragraph is
            dropped too. Kept: questions opening with a conjunction ("So, what now?"), in the first
            person ("Do we know why?"), or a Q&A column's "Q: ...".

Body paragraph (ends the leading block): > 40 words; >= 12 words that end a sentence or contain a
sentence break; one that opens with a dateline; one ending in a function word ("... slower than",
a truncated sentence); or the last paragraph (a document is never all headline).

Trimmed paragraphs:
  - a dateline at the start is stripped ("TOKYO - ", "NAGATO, Japan: ", "LONDON (AP) _ ",
    "LITTLETON , Colo. ( AP ) -- ", "BEIJING, Dec 13 (Reuters) - "): an all-caps place containing a
    run of >= 3 capitals, optional ", Region", date and (Agency), a dash, underscore or colon, and
    then a capitalised sentence ("NATO said" and "NATO - the alliance" are left alone);
  - a trailing agency credit after the final punctuation goes ("... sovereignty. — Reuters",
    "... said. (AP)", "... said. (Reporting by ...)").

Text is only removed or trimmed, never rewritten, so lower-cased Multi-News text and one-sentence-a-line
DUC text pass through intact. Two exceptions: HTML character references a scraper left in the text ("&amp;",
"&#124;") are unescaped, since a reader should see "&", not the markup; and an article written in Penn Treebank tokens throughout (TAC's
"the sheriff 's estimate , '' he said ." — nearly every comma and full stop spaced off) is detokenized first
(`detokenize`), because a reader should not see the tokens and each one would use a word of the budget.
Lower-cased Multi-News text is left as it is (the shipped model is trained on it so). Spans point into the
cleaned text, as always.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime

from dateutil.parser import ParserError
from dateutil.parser import parse as parse_date

from .lexical import keeps_case


@dataclass
class Cleaned:
    text: str  # paragraphs joined by "\n\n", one line each, datelines stripped
    title: str | None  # headline found among the leading lines (find_title=True only)
    published: str | None  # ISO 8601 date or date-time from a removed "Published: ..." line
    removed: list[str] = field(default_factory=list)  # removed paragraphs, in order


BODY_MIN_WORDS = 12  # a sentence this long ends the headline block
LEADING_MAX_WORDS = 40  # longer is body even without final punctuation (truncated text)
TITLE_MAX_WORDS = 25
KICKER_MAX_WORDS = 2  # "World", "Shinzo Abe"; 3-word lines are taken as headlines...
KICKER_CAPS_MAX_WORDS = 4  # ...unless in capitals ("BREAKING NEWS", "WORLD NEWS TODAY")
LABEL_MAX_WORDS = 10
BRACKETED_LABEL_MAX_WORDS = 20
QUESTION_MAX_WORDS = 15
SHARE_MAX_WORDS = 12
STAMP_MAX_WORDS = 30  # "Published: <date> | Last Updated: <date> | A+A-"
STAMP_NO_COLON_MAX_WORDS = 12  # "Posted on March 2, 2016 by ..." (no colon: a sentence could start so)
TEASER_MAX_WORDS = 30
COMMENTS_MAX_WORDS = 150  # moderation notices run to a paragraph or two
PROMO_MAX_WORDS = 40
PHOTO_MAX_WORDS = 30
PHOTO_END_MAX_WORDS = 12
CREDIT_MAX_WORDS = 40
BYLINE_MAX_WORDS = 8
META_MAX_WORDS = 10
SHORT_RULES_MAX_WORDS = max(  # every rule but "comments" is for lines no longer than this
    SHARE_MAX_WORDS, STAMP_MAX_WORDS, TEASER_MAX_WORDS, PROMO_MAX_WORDS, PHOTO_MAX_WORDS, CREDIT_MAX_WORDS
)

# Zero-width characters would split words invisibly. (str.split() already treats NBSP and thin
# spaces as whitespace.)
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")

# Final punctuation, possibly followed by closing quotes/brackets, also tokenized ("it . ''").
_CLOSERS = "\"”’'»)] "
_TERMINAL = re.compile(r"""[.!?…](?:\s*(?:''|["”’'»)\]]))*\s*$""")
_TERMINAL_TAIL = 12  # the pattern only ever needs the last few characters
_LEAD_IN = (",", ";", ":")  # "Abe said:" introduces the next paragraph
_STOP_INSIDE = re.compile(r"[.!?]\s")
_SENTENCE_BREAK = re.compile(r"""[.!?]["”’']?\s+["“‘']?[A-Z]""")  # a headline is one sentence
_ALPHA_WORD = re.compile(r"[^\W\d_]{2,}")
_BRACKETED = re.compile(r"^[(\[].*[)\]]\W*$")
# A line ending in a function word is a truncated sentence ("... life was slower than"), not a headline.
_FUNCTION_WORDS = frozenset(
    "the a an and or but of to in on at for with by from than that as is was are were be "
    "his her their its this which who".split()
)
# A reporter's or reader's own question, not a teaser: opens with a conjunction ("So, what now?"),
# speaks in the first person, or is a Q&A column's "Q: ...". (Teasers do say "you".)
_OWN_QUESTION = re.compile(r"^(?:And|But|So|Or|Yet|Then|Q\s*:)|\b(?:I|we|me|my|our)\b", re.IGNORECASE)

# Quotation marks, as opposed to apostrophes inside words (Japan's, Japan’s).
_QUOTE = re.compile(r"""["“”«»„]|``|''|(?<![A-Za-z])['‘’]|['‘’](?![A-Za-z])""")

# Case-sensitive even inside IGNORECASE patterns: lower-case "ap"/"ani" are words, not agencies.
_AGENCY = (
    r"(?-i:AP|AFP|Reuters|Associated\s+Press|Agence\s+France[- ]Presse|Xinhua|PTI|IANS|ANI|UNI|UPI|"
    r"Bloomberg|dpa|DPA|Kyodo(?:\s+News)?|Yonhap|TASS|Tass|EFE|ANSA|AAP|EPA|Getty(?:\s+Images)?|"
    r"(?:News\s+)?Agencies|Wires?)"
)

_AGENCY_NAME = re.compile(_AGENCY)

# --- removal rules -------------------------------------------------------------------------------

# A share bar is made only of these words; any sentence has others.
_SHARE_WORDS = frozenset(
    "share shares sharing tweet email e mail print facebook twitter x whatsapp flipboard linkedin "
    "pinterest reddit telegram messenger sms tumblr instagram youtube google pin save copy link "
    "follow us on and this article story page via comments comment icon enlarge close".split()
)
_LOWER_WORD = re.compile(r"[a-z]+")
_FONT_WIDGET = re.compile(r"^(?:\W*A\s*[+\-−]\s*){2,3}\W*$")  # "A+A-", "A- A+"

_STAMP = re.compile(
    r"^\W*(?:first\s+)?(?:published|updated|last\s+updated|posted)(?P<colon>\s*:|\s+(?:on|at)\b)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_STAMP_END = re.compile(r"\s*(?:\||/\s*updated|last\s+updated).*$", re.IGNORECASE)  # keep the first date
_HAS_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# (?<!\d), not \b: "2016-12-13T08:45" has no word boundary before the hour. "13.12.2016" is no time.
_HAS_TIME = re.compile(r"(?<!\d)\d{1,2}:\d\d(?!\d)|(?<!\d)\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)
_MONTHS = {name: number for number, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH_NAME = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r",?\s+(?P<year>(?:19|20)\d\d)\b"
_DAY_MONTH_YEAR = re.compile(r"\b" + _DAY + r"\s+" + _MONTH_NAME + _YEAR, re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(r"\b" + _MONTH_NAME + r"\s+" + _DAY + _YEAR, re.IGNORECASE)
_CLOCK = re.compile(r"(?<!\d)(?P<hour>\d{1,2}):(?P<minute>\d\d)(?!\d)\s*(?:(?P<half>[ap])\.?m\b)?", re.IGNORECASE)

# A teaser's label is followed by a separator or ends the line ("Related to the vote, ..." stays).
_TEASER = re.compile(
    r"^\W*(?:read\s+more|read\s+also|also\s+read|related(?:\s+(?:articles?|stories|coverage|news|content))?|"
    r"see\s+also|recommended(?:\s+for\s+you)?|more\s+from(?-i:\s+[A-Z][\w.&'’-]*){1,4}|"
    r"more\s+on\s+this(?:\s+story)?|more\s+stories|must\s+read|don'?t\s+miss|watch|click\s+here.*)"
    r"\s*(?:$|[:|»›>\-–—]\s*\S)",
    re.IGNORECASE,
)

_COMMENTS_ALWAYS = re.compile(r"views\s+expressed\s+in\s+(?:the\s+)?comments|comment\s+writers", re.IGNORECASE)
_COMMENTS_TOPIC = re.compile(r"\bcomment|\bcommunity\s+(?:guidelines|standards)", re.IGNORECASE)
_COMMENTS_MODERATION = re.compile(
    r"\bmoderat|\bguidelines\b|\bdisclaimer\b|\breserves?\s+the\s+right|\babusive\b|\boff-topic\b", re.IGNORECASE
)
_READER_ADDRESS = re.compile(r"\b(?:you|your|we|us|please)\b", re.IGNORECASE)

# Ads are imperatives to the reader; a news sentence about an app is not.
_PROMO_START = re.compile(
    r"^\W*(?:(?:download|install|get|try)\s+(?:the|our)\s+(?:[\w'’-]+\s+){0,3}(?:app|newsletter)s?\b|"
    r"sign\s+up\b|subscribe\b|"
    r"(?:stay\s+up\s+to\s+date|never\s+miss|get\s+the\s+latest)\b.*\b(?:app|newsletter|alerts?)\b)",
    re.IGNORECASE,
)
_PROMO_HINTS = ("download", "subscribe", "sign up", "register")  # gate for the unanchored search
_PROMO_ANYWHERE = re.compile(  # "... with The X App. Download now"
    r"\b(?:download|subscribe|sign\s+up|register)\s+(?:now|today|here|for\s+free)\b", re.IGNORECASE
)

_PIPE_CREDIT = re.compile(  # "Russian President Vladimir Putin | AP", "... | Express Photo by ..."
    r"\s\|\s*(?:" + _AGENCY + r"|[^|]*\b(?:Photo|Photograph|Image|Images|Picture|Pic|File|Courtesy|"
    r"Handout|Credit|Screengrab)s?\b[^|]*)\s*$",
)
_PHOTO_START = re.compile(
    r"^\W*(?:(?:Photo|Photograph|Image|Picture|Pic|Video|Caption|Credit|Screenshot)s?"
    r"(?:\s+(?:copyright|credit|caption|by))?\s*[:|/–—-]|"
    r"(?:Photo|Photograph|Image|Picture|Screenshot)s?\s+(?:by|courtesy|copyright|credit|caption)\b|"
    r"Media\s+(?:caption|playback)\b|Getty\s+Images\b|AP\s+Photo\b)",
    re.IGNORECASE,
)
_PHOTO_END = re.compile(r"(?:/|\bvia)\s*" + _AGENCY + r"\W*$")  # "Jane Doe/Getty Images"

_CREDIT = re.compile(
    r"^\W*(?:sources?\s*:(?:\s*[^\s.!?]+){0,6}\W*$|"  # "Source: News Agencies"
    r"(?:additional\s+)?(?:reporting|writing|editing|edited)\s+by\b|"
    r"©|\(c\)\s*\d{4}|copyright\s+(?:©|\(c\)|\d{4})|"
    r"(?:[—–-]{1,2}\s*|\(\s*)?" + _AGENCY + r"\s*\)?\W*$)",  # "— Reuters" on its own line
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|written\s+by|story\s+by)\s+(?-i:[A-Z])", re.IGNORECASE)
_META = re.compile(r"^[A-Z]+_[A-Z_]*\s*:")  # "DATE_TIME: ..."

# --- trims ---------------------------------------------------------------------------------------

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE_HEAD = (
    r"^(?P<place>[A-Z][A-Z.'’-]*[A-Z.](?:\s+[A-Z][A-Z.'’-]*[A-Z.])*)"  # TOKYO / NEW YORK / ST. LOUIS
    r"(?:\s*,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*){0,2})?"  # , Japan / , Colo.
    r"(?:\s*,?\s*" + _MONTH + r"\s+\d{1,2}(?:\s*,\s*\d{4})?)?"  # , Dec 13
    r"(?:\s*\(\s*(?P<credit>[A-Za-z][A-Za-z .&/-]*?)\s*\))?"  # (AP) / ( Reuters )
)
_DATELINE = re.compile(
    _DATELINE_HEAD + r"\s*(?:--|[-–—_:])\s+"
    r"(?=[A-Z0-9\"“‘'`])"  # a sentence follows: "NATO - the alliance" is no dateline
)
_DATELINE_LINE = re.compile(_DATELINE_HEAD + r"\s*$")  # a dateline on a line of its own: "TOKYO, Oct 21 (AFP)"
_CAPS_RUN = re.compile(r"[A-Z]{3}")  # "U.S. - " is no place

_TRAILING_CREDIT = re.compile(
    r"(?<=[.!?”\"'’])\s*(?:(?:--|[-–—])\s*\(?" + _AGENCY + r"\)?|\(\s*" + _AGENCY + r"\s*\)|"
    r"\((?:additional\s+)?(?:reporting|writing|editing)\s+by\b[^()]*\))\s*$",
    re.IGNORECASE,
)

# --- paragraph tests -----------------------------------------------------------------------------


def _terminal(text: str) -> bool:
    return _TERMINAL.search(text[-_TERMINAL_TAIL:]) is not None


def _lead_in(text: str) -> bool:
    return text.endswith(_LEAD_IN)


def _ends_in_function_word(text: str) -> bool:
    return text.rsplit(None, 1)[-1].strip(_CLOSERS + ",;:-–—").lower() in _FUNCTION_WORDS


def _ends_with_period(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith((".", "…"))


def _dateline_end(text: str) -> int:
    """Length of the dateline opening `text`, or 0."""
    match = _DATELINE.match(text)
    return match.end() if match and _CAPS_RUN.search(match.group("place")) else 0


def dateline_agency(paragraph: str) -> str | None:
    """The wire agency a paragraph's opening dateline credits ("LONDON (AP) _ ..." -> "AP"; also a dateline on a
    line of its own, after a "DATE_TIME:" label), or None."""
    label = _META.match(paragraph)
    if label:
        paragraph = paragraph[label.end() :].lstrip()
    match = _DATELINE.match(paragraph) or _DATELINE_LINE.match(paragraph)
    if not (match and match.group("credit") and _CAPS_RUN.search(match.group("place"))):
        return None
    credit = " ".join(match.group("credit").split())
    return credit if _AGENCY_NAME.fullmatch(credit) else None


def _is_share_bar(lower: str) -> bool:
    words = _LOWER_WORD.findall(lower)
    return bool(words) and all(w in _SHARE_WORDS for w in words)


def _is_stamp(text: str, words: int) -> bool:
    match = _STAMP.match(text)
    if match is None:
        return False
    if ":" in match.group("colon"):
        return words <= STAMP_MAX_WORDS
    return words <= STAMP_NO_COLON_MAX_WORDS and _HAS_YEAR.search(text) is not None


def _is_comment_notice(text: str) -> bool:
    if "omment" not in text and "ommunity" not in text:  # cheap gate: this runs on long paragraphs
        return False
    if _COMMENTS_ALWAYS.search(text):
        return True
    # A quoted spokesperson ("We moderate comments ...") is reporting, not a notice.
    return bool(
        _COMMENTS_TOPIC.search(text)
        and _COMMENTS_MODERATION.search(text)
        and _READER_ADDRESS.search(text)
        and not _QUOTE.search(text)
    )


def _boilerplate(text: str, words: int, terminal: bool) -> str | None:
    """The name of the removal rule `text` matches, or None (rules that do not need position).
    This is the hot loop: long paragraphs meet only the comments rule, unanchored searches sit
    behind substring tests."""
    if words <= COMMENTS_MAX_WORDS and _is_comment_notice(text):
        return "comments"
    if words > SHORT_RULES_MAX_WORDS:
        return None
    lower = text.lower()
    if words <= SHARE_MAX_WORDS and (_is_share_bar(lower) or _FONT_WIDGET.match(text)):
        return "share"
    if _is_stamp(text, words):
        return "stamp"
    if words <= TEASER_MAX_WORDS and _TEASER.match(text):
        return "teaser"
    if words <= PROMO_MAX_WORDS and (
        _PROMO_START.match(text) or (any(h in lower for h in _PROMO_HINTS) and _PROMO_ANYWHERE.search(text))
    ):
        return "promo"
    if words <= PHOTO_MAX_WORDS and (("|" in text and _PIPE_CREDIT.search(text)) or _PHOTO_START.match(text)):
        return "photo"
    if words <= PHOTO_END_MAX_WORDS and _PHOTO_END.search(text):
        return "photo"
    if words <= CREDIT_MAX_WORDS and (_CREDIT.match(text) or "all rights reserved" in lower):
        return "credit"
    if not terminal and words <= BYLINE_MAX_WORDS and _BYLINE.match(text):
        return "byline"
    if not terminal and words <= META_MAX_WORDS and _META.match(text):
        return "meta"
    return None


def _is_label(text: str, words: int, terminal: bool) -> bool:
    if terminal or _lead_in(text):
        return False
    return words <= LABEL_MAX_WORDS or (words <= BRACKETED_LABEL_MAX_WORDS and _BRACKETED.match(text) is not None)


def _is_teaser_question(text: str, words: int) -> bool:
    return (
        words <= QUESTION_MAX_WORDS
        and text.endswith("?")
        and text[:1].isupper()
        and _STOP_INSIDE.search(text) is None
        and _QUOTE.search(text) is None
        and _OWN_QUESTION.search(text) is None
    )


def _is_body(text: str, words: int, terminal: bool) -> bool:
    """Does `text` end the headline block (kickers, headline, standfirst)?"""
    if words > LEADING_MAX_WORDS or _dateline_end(text):
        return True
    if words >= BODY_MIN_WORDS and (terminal or _SENTENCE_BREAK.search(text) is not None):
        return True
    return not terminal and _ends_in_function_word(text)


def _is_title(text: str, words: int) -> bool:
    alpha = len(_ALPHA_WORD.findall(text))  # "* Wednesday , Feb. 24 , 1999" is a date, not a headline
    if alpha <= KICKER_MAX_WORDS or words > TITLE_MAX_WORDS:
        return False
    if (text.isupper() and words <= KICKER_CAPS_MAX_WORDS) or _BRACKETED.match(text):
        return False  # kicker, or an editor's note / credit such as "(By Jane Doe)"
    # Headlines may end in "?" or "!", never in a period or a lead-in colon.
    return not _ends_with_period(text) and not _lead_in(text)


def _named_date(value: str) -> str | None:
    """Fast path for the usual stamp forms ("13th December 2016 08:45 AM", "Sunday, 20 November,
    2016, 1:03pm", "Dec. 13, 2016"): dateutil costs ~100 us, the rest of cleaning about as much."""
    match = _DAY_MONTH_YEAR.search(value) or _MONTH_DAY_YEAR.search(value)
    if match is None:
        return None
    clock = _CLOCK.search(value)
    if clock is None and _HAS_TIME.search(value):
        return None  # a time in another form: leave it to dateutil
    try:
        when = datetime(int(match["year"]), _MONTHS[match["month"][:3].lower()], int(match["day"]))
        if clock is not None:
            hour = int(clock["hour"]) % 12 if clock["half"] else int(clock["hour"])
            hour += 12 if (clock["half"] or "").lower() == "p" else 0
            when = when.replace(hour=hour, minute=int(clock["minute"]))
    except ValueError:
        return None
    return when.strftime("%Y-%m-%dT%H:%M" if clock else "%Y-%m-%d")


def _published(line: str) -> str | None:
    """ISO date ("2016-12-13") or date-time ("2016-12-13T08:45") from a "Published: ..." line."""
    match = _STAMP.match(line)
    value = _STAMP_END.sub("", match.group("rest")) if match else ""
    if not _HAS_YEAR.search(value):  # dateutil would silently fill in the current year
        return None
    fast = _named_date(value)
    if fast is not None:
        return fast
    try:
        when = parse_date(value, fuzzy=True)
    except (ParserError, ValueError, OverflowError):
        return None
    return when.strftime("%Y-%m-%dT%H:%M" if _HAS_TIME.search(value) else "%Y-%m-%d")


_META_DATE = re.compile(r"^DATE(?:_TIME)?\s*:\s*(?P<day>\d{4}-\d\d-\d\d)(?:[ T](?P<clock>\d\d:\d\d))?")


def _meta_published(line: str) -> str | None:
    """The date of a corpus header ("DATE_TIME: 1999-04-21 16:33:18", as in TAC), so relative dates resolve."""
    match = _META_DATE.match(line)
    if not match:
        return None
    try:
        datetime.fromisoformat(match["day"])
    except ValueError:
        return None
    return f"{match['day']}T{match['clock']}" if match["clock"] else match["day"]


def _paragraphs(raw: str) -> list[str]:
    """Non-empty lines, whitespace collapsed, hard-wrapped lines joined."""
    if "&" in raw and _ENTITY.search(raw):  # "&amp;" left by a scraper is shown as "&", never as it is
        raw = html.unescape(raw)
    for char in _ZERO_WIDTH:  # str.replace per character is far faster than str.translate
        if char in raw:
            raw = raw.replace(char, "")
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: list[str] = []
    joinable = False  # is the previous line directly above (no blank line between)?
    for line in raw.split("\n"):
        line = " ".join(line.split())
        if not line:
            joinable = False
            continue
        if joinable and line[0].islower() and not _terminal(paragraphs[-1]):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
        joinable = True
    return paragraphs


# Penn Treebank tokenization: punctuation spaced off its word, `` and '' for quotes, "do n't", "sheriff 's"
PTB_MIN_COMMAS = 3
PTB_SPACED_SHARE = 0.8
_PTB_FIXES = (
    (re.compile(r"``\s*"), '"'),  # opening quotes: the space after goes
    (re.compile(r"\s*''"), '"'),  # closing quotes: the space before goes
    (re.compile(r"(?i)(\w) ('(?:s|re|ve|ll|d|m)|n't)\b"), r"\1\2"),
    (re.compile(r" ([,.;:?!%)\]])(?= |$|\")"), r"\1"),
    (re.compile(r"([(\[$]) (?=\S)"), r"\1"),
    (re.compile(r"-LRB- ?"), "("),
    (re.compile(r" ?-RRB-"), ")"),
)


def is_ptb_tokenized(paragraphs: list[str]) -> bool:
    """Cased text with nearly every comma spaced off its word (running text never writes " , "; abbreviation
    dots are not spaced even in PTB, so commas tell). Lower-cased text (Multi-News) is left as it is."""
    commas = sum(p.count(",") for p in paragraphs)
    spaced = sum(p.count(" ,") for p in paragraphs)
    cased = any(keeps_case(p) for p in paragraphs)
    return cased and commas >= PTB_MIN_COMMAS and spaced >= PTB_SPACED_SHARE * commas


def detokenize(text: str) -> str:
    """Penn Treebank tokens back to running text: 'the sheriff 's estimate , '' he said .' -> 'the sheriff's
    estimate," he said.'"""
    for pattern, replacement in _PTB_FIXES:
        text = pattern.sub(replacement, text)
    return text


def _trim(text: str) -> str:
    text = text[_dateline_end(text) :]
    if text[-1:].isalpha() or text.endswith(")"):  # an agency name or "(Reporting by ...)" ends it
        text = _TRAILING_CREDIT.sub("", text)
    return text


def clean(raw: str, find_title: bool = True) -> Cleaned:
    """Clean one scraped article; see the module docstring for the rules. Pure and deterministic."""
    paragraphs = _paragraphs(raw)
    if is_ptb_tokenized(paragraphs):
        paragraphs = [detokenize(p) for p in paragraphs]
    kept: list[str] = []
    removed: list[str] = []
    title: str | None = None
    published: str | None = None
    leading = True  # before the first body paragraph?

    for index, para in enumerate(paragraphs):
        words = para.count(" ") + 1  # whitespace is already collapsed to single spaces
        terminal = _terminal(para)
        if leading and (index == len(paragraphs) - 1 or _is_body(para, words, terminal)):
            leading = False

        rule = _boilerplate(para, words, terminal)
        if rule == "stamp" and published is None:
            published = _published(para)
        if rule == "meta" and published is None:
            published = _meta_published(para)
        if rule is None and leading and find_title and title is None and _is_title(para, words):
            title = para
            continue
        if rule is None and leading and not terminal and not _lead_in(para):
            rule = "leading"
        if rule is None and _is_label(para, words, terminal):
            rule = "label"
        if rule is None and _is_teaser_question(para, words):
            rule = "question"

        trimmed = _trim(para) if rule is None else ""
        if trimmed:
            kept.append(trimmed)
        else:  # boilerplate, or nothing but a dateline or credit
            removed.append(para)

    return Cleaned(text="\n\n".join(kept), title=title, published=published, removed=removed)
