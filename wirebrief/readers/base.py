"""What a reader returns: raw articles (before cleaning) and the reasons for anything it could not read."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from ..types import Article, Skipped


@dataclass
class RawArticle:
    """One article as read, before cleaning. `text` may still hold boilerplate and a headline line."""

    text: str
    id: str | None = None
    title: str | None = None
    outlet: str | None = None  # as the input names it (a record's "outlet"); see readers.outlet for the rest
    site_name: str | None = None  # an HTML page's own name for its site
    published: str | None = None
    url: str | None = None
    path: str | None = None
    # .txt files carry their headline as a first short line; HTML and records carry it as metadata
    title_in_text: bool = True


@dataclass
class ReadResult:
    # Articles (clean already) only where a library user gave them as such: see pipeline.read_items
    articles: list[RawArticle | Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)

    def extend(self, other: "ReadResult") -> None:
        self.articles.extend(other.articles)
        self.skipped.extend(other.skipped)
        self.warnings.extend(other.warnings)


# byte-order marks that name an encoding; UTF-32 first, since its little-endian mark starts with UTF-16's
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(head: bytes) -> tuple[str, str | None]:
    """(encoding, None) for text by its first bytes: the BOM's encoding, else UTF-8; or ("", reason) for binary."""
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return encoding, None
    if b"\x00" in head[:8192]:
        return "", "binary file (contains NUL bytes and no UTF-16/32 byte-order mark)"
    return "utf-8", None


def decode(data: bytes, path: str, result: ReadResult) -> str | None:
    """Bytes to text: UTF-8, or UTF-16/32 by their byte-order mark; binary is skipped; bytes that do not decode
    are replaced, with one warning for the input."""
    encoding, problem = detect_encoding(data[:8192])
    if problem:
        result.skipped.append(Skipped(path, problem))
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        name = "UTF-8" if encoding.startswith("utf-8") else encoding.upper()
        result.warnings.append(
            Skipped(path, f"not valid {name} (byte {error.start}); undecodable bytes were replaced")
        )
        return data.decode(encoding, errors="replace")
