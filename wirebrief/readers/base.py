"""What a reader returns: raw articles (before cleaning) and the reasons for anything it could not read."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

from ..model import Skipped


@dataclass
class RawArticle:
    """One article as read, before cleaning. `text` may still hold boilerplate and a headline line."""

    text: str
    id: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    path: str | None = None
    # .txt files carry their headline as a first short line; HTML and records carry it as metadata
    title_in_text: bool = True


@dataclass
class ReadResult:
    articles: list[RawArticle] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)

    def extend(self, other: "ReadResult") -> None:
        self.articles.extend(other.articles)
        self.skipped.extend(other.skipped)
        self.warnings.extend(other.warnings)


def host_of(url: str | None) -> str | None:
    """The outlet as a URL's host name without a leading www."""
    if not url:
        return None
    host = urlparse(url).hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def decode(data: bytes, path: str, result: ReadResult) -> str | None:
    """Bytes to text: UTF-8 (BOM allowed); binary is skipped; bad bytes are replaced, with a warning."""
    if b"\x00" in data[:8192]:
        result.skipped.append(Skipped(path, "binary file (contains NUL bytes)"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        result.warnings.append(
            Skipped(path, f"not valid UTF-8 (byte {error.start}); undecodable bytes were replaced")
        )
        return data.decode("utf-8-sig", errors="replace")
