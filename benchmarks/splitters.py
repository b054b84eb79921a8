"""Compare maintained sentence splitters on news text: boundary accuracy and throughput.

Usage:  python benchmarks/splitters.py [--data ../shared/data] [--errors N] [--clusters 200]

What it measures
----------------
Splitters: pysbd (``Segmenter(language="en", clean=False)``), nupunkt (``sent_tokenize`` and
``sent_spans``, the call wirebrief.text.split uses) and a naive regex baseline that splits after
``[.!?]`` followed by whitespace and a capital letter. A starred row, nupunkt with a few news
abbreviations and merge rules (``NewsTunedNupunkt``), tries the fixes suggested by nupunkt's errors
here; it was tuned on these gold sets, so it is reported but not ranked.

Accuracy, on four gold sets, one paragraph at a time (as wirebrief.text.split calls the splitter):

* "TAC": TAC 2010 (``tac2010/clusters.jsonl``, docset A, 46 clusters x 10 articles). The articles
  were sentence-split upstream, one sentence per line, paragraphs separated by blank lines. Each
  paragraph's lines are joined with single spaces and the line ends are the gold boundaries;
  ``DATE_TIME:`` lines are skipped.
* "TAC detok.": the same sentences put back into ordinary spacing by a small heuristic
  detokenizer (``detokenize``: ``` `` ''`` -> ``"``, "sheriff 's" -> "sheriff's", "dead ." ->
  "dead.", "( AP )" -> "(AP)"), closer to the wire copy wirebrief reads. Same boundaries.
* "TAC detok. undisputed": the same, with positions where the upstream splitter's convention or
  mistakes make the answer debatable left unscored for gold and prediction alike
  (``disputed_offsets``: after a title or initials before a capital, "Gov. | Bill Owens",
  "Michael J. | Fox"; after ! or ? before a lower-case attribution, '"Gun!" | he said'; next to
  ellipses). About 4% of the gold boundaries fall there.
* "fixture": ``tests/fixtures/sentences.tsv``, invented sentences, one per line
  (``case_id<TAB>sentence``), consecutive lines with the same case_id forming one paragraph,
  covering news hazards (abbreviations, initials, "3 p.m. Friday", money, quotes, attribution,
  parentheses, ellipses, lower-cased and tokenizer-spaced text, URLs and e-mails, numbered lists).

Boundaries are the character offsets where a sentence other than a paragraph's first begins;
paragraph starts and ends are given to every splitter and are not scored. Scores are micro
precision / recall / F1 over boundaries, and exact-sentence accuracy: the share of gold sentences
whose [start, next start) span a splitter reproduces exactly. ``--errors N`` prints each
splitter's wrong paragraphs with the boundaries marked.

Throughput: single thread, the process pinned to one CPU where the OS allows, best of 3 runs,
timed in CPU seconds of the process (``time.process_time``) so that other load on a shared machine
does not count; each splitter is called once per paragraph, on the TAC paragraphs (tokenized) and
on the first 200 Multi-News validation clusters (``multinews/val.jsonl.gz``; each document is one
paragraph, empty documents skipped). words/s counts whitespace tokens of the input, so it is
comparable across splitters; sentences/s counts the sentences each splitter itself emitted, so it
flatters over-splitters. nupunkt memoizes boundary decisions; the memo is cleared before every
timed run, so the table shows a cold memo, and the verdict adds the warm-memo speed a long-running
process sees. Model loading is not timed.

Caveats of the data
-------------------
* TAC text is tokenized upstream (Penn Treebank style): "sheriff 's", "dead .", quotes as ``
  and ''. A period standing alone after a space is easier to call a boundary than "Colo." or
  "U.S.", while a closing '' standing alone after "here ." invites a spurious split; either way
  raw TAC scores are not those of real wire copy, hence the detokenized sets (the heuristic
  leaves single quotes alone and cannot restore everything).
* The TAC gold is another splitter's output, not a human annotation: it splits after titles
  ("Gov. | Bill Owens", "Mt. | Columbine"), inside quote + attribution ('"We are!" | she yelled'),
  and at every dot of a spaced ellipsis, and it runs bylines and wire furniture ("andUR; MORE")
  into sentences. Its scores measure agreement with that splitter; the undisputed set removes the
  commonest debatable cases, not all of them.
* Multi-News (used here for speed only) is lower-cased and then re-capitalised at the sentence
  starts its own upstream splitter found, with tokenizer spacing ("8.2 %"); its capital letters
  leak that splitter's decisions.
* The fixture is small (tens of boundaries) and written to probe failure modes, not to be a
  representative sample; read it case by case (``--errors``) rather than as an overall score.

The data are research-licensed: they are read from the data folder and never copied.
"""

from __future__ import annotations

import argparse
import bisect
import copy
import gc
import gzip
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "sentences.tsv"
DEFAULT_DATA = REPO.parent / "shared" / "data"
TAC_FILE = Path("tac2010") / "clusters.jsonl"
MULTINEWS_FILE = Path("multinews") / "val.jsonl.gz"
REPEATS = 3


# --------------------------------------------------------------------------- gold data


@dataclass
class Paragraph:
    """One paragraph of gold: its text (sentences joined by single spaces) and the sentences."""

    source: str  # where it came from (cluster/document or fixture case id)
    sentences: list[str]
    text: str = field(init=False)
    boundaries: frozenset[int] = field(init=False)  # offsets where sentences 2..n begin
    ignore: frozenset[int] = frozenset()  # offsets not scored, for gold and prediction alike

    def __post_init__(self) -> None:
        self.text = " ".join(self.sentences)
        offsets, pos = [], 0
        for sentence in self.sentences[:-1]:
            pos += len(sentence) + 1
            offsets.append(pos)
        self.boundaries = frozenset(offsets)


def tac_paragraphs(path: Path, transform: Callable[[str], str] = str.strip) -> list[Paragraph]:
    """TAC 2010 articles: blank-line paragraphs, one sentence per line, DATE_TIME lines dropped.

    `transform` is applied to each gold sentence (e.g. `detokenize`) before the paragraph is joined.
    """
    paragraphs = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            cluster = json.loads(line)
            for number, document in enumerate(cluster["documents"]):
                for block in re.split(r"\n\s*\n", document):
                    sentences = [
                        transform(s.strip())
                        for s in block.split("\n")
                        if s.strip() and not s.strip().startswith("DATE_TIME:")
                    ]
                    if sentences:
                        paragraphs.append(Paragraph(f"{cluster['id']}/{number}", sentences))
    return paragraphs


# Undo Penn-Treebank-style tokenization well enough to look like wire copy. Heuristic: single quotes
# (` and ') are left as they are, since a lone ' may open or close a quote.
DETOKENIZE = [
    (re.compile(r"``\s*"), '"'),  # `` Hello -> "Hello
    (re.compile(r"\s*''"), '"'),  # said , '' -> said ,"
    (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", re.IGNORECASE), r"\1"),  # do n't -> don't
    (re.compile(r"([($\[])\s+"), r"\1"),  # ( AP -> (AP, $ 5 -> $5
    (re.compile(r"\s+([.,;:?!%)\]])"), r"\1"),  # dead . -> dead.
]


def detokenize(sentence: str) -> str:
    """A tokenized TAC sentence in ordinary spacing: "the sheriff 's plan ." -> "the sheriff's plan."."""
    for pattern, replacement in DETOKENIZE:
        sentence = pattern.sub(replacement, sentence)
    return sentence


# Where the upstream TAC splitter's conventions or mistakes make the right answer debatable: after a
# title or initials followed by a capital or digit ("Gov. | Bill Owens", "Michael J. | Fox", "No. |
# 1157", but also "Washington, D.C. | They"), after ! or ? (in quotes) followed by a lower-case word
# ('"Gun!" | the lawyer said'), and next to ellipses ("... | These", "dead. | . . they").
TITLE_OR_INITIALS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gov|Sen|Rep|Gen|Lt|Col|Maj|Sgt|Capt|Adm|Brig|Rev|Fr|Msgr|Mt|St|Supt|No)"
    r"|\b(?:[A-Z]\.)*[A-Z])\.\s+$"
)
EXCLAIM_OR_QUESTION = re.compile(r"[!?][\"'”’]*\s+$")
ELLIPSIS_BEFORE = re.compile(r"(?:\.\s?\.\s?\.|…)[\"'”’]*\s+$")
ELLIPSIS_AFTER = re.compile(r"\.\s?\.|…")


def disputed_offsets(text: str) -> frozenset[int]:
    """Word starts in `text` where a sentence boundary is debatable (see TITLE_OR_INITIALS above)."""
    disputed = set()
    for word in re.finditer(r"(?<=\s)\S", text):
        offset, first = word.start(), word.group()
        before = text[max(0, offset - 30):offset]
        if (
            (TITLE_OR_INITIALS.search(before) and (first.isupper() or first.isdigit()))
            or (EXCLAIM_OR_QUESTION.search(before) and first.islower())
            or ELLIPSIS_BEFORE.search(before)
            or ELLIPSIS_AFTER.match(text, offset)
        ):
            disputed.add(offset)
    return frozenset(disputed)


def undisputed(paragraphs: Iterable[Paragraph]) -> list[Paragraph]:
    """The same paragraphs with debatable boundary positions excluded from scoring."""
    result = []
    for paragraph in paragraphs:
        copy_ = Paragraph(paragraph.source, paragraph.sentences)
        copy_.ignore = disputed_offsets(paragraph.text)
        result.append(copy_)
    return result


def fixture_paragraphs(path: Path) -> list[Paragraph]:
    """The hand-written fixture: consecutive lines with the same case_id form one paragraph."""
    paragraphs: list[Paragraph] = []
    current_id, current = None, []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#") or raw.startswith("case_id\t"):
            continue
        case_id, sentence = raw.split("\t", 1)
        if case_id != current_id and current:
            paragraphs.append(Paragraph(current_id, current))
            current = []
        current_id = case_id
        current.append(sentence.strip())
    if current:
        paragraphs.append(Paragraph(current_id, current))
    return paragraphs


def multinews_paragraphs(path: Path, clusters: int) -> list[str]:
    """The non-empty documents of the first `clusters` Multi-News clusters (no gold)."""
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= clusters:
                break
            texts.extend(d for d in json.loads(line)["documents"] if d.strip())
    return texts


# --------------------------------------------------------------------------- splitters


@dataclass
class Splitter:
    """A splitter as called in production (`run`) and a way to turn its output into spans."""

    name: str
    run: Callable[[str], Sequence]  # text -> list of sentence strings or (start, end) spans
    gives_spans: bool = False
    reset: Callable[[], None] | None = None  # drops the splitter's caches before a timed run
    tuned: bool = False  # tuned on this benchmark's own errors: reported, not ranked

    @property
    def has_cache(self) -> bool:
        return self.reset is not None

    def clear_caches(self) -> None:
        if self.reset is not None:
            self.reset()


# Post-processing candidates for nupunkt, from its errors on TAC and the fixture (so the row that
# uses them is optimistic). Abbreviations news uses that the default model lacks ("Lt. Gen.",
# "25 mg. per day", "Group of Cos. said"), and sentence starters it lacks ("the U.S. Its parts").
NEWS_ABBREVIATIONS = ["lt", "cmdr", "msgr", "cos", "llc", "mg", "reps"]
NEWS_SENT_STARTERS = ["its"]
LIST_MARKER = re.compile(r"\(?\d{1,2}[.)]")  # a piece that is only "1." opens the next sentence
ENDS_LIKE_ABBREVIATION = re.compile(r"[A-Za-z]\.$")


class NewsTunedNupunkt:
    """nupunkt's default model plus NEWS_ABBREVIATIONS / NEWS_SENT_STARTERS and two merge rules.

    Merge rules on its spans: a piece that is only a list marker ("1.") is joined to the sentence it
    opens; and, in text that is not all lower-case, a piece starting with a lower-case letter is
    joined to a previous piece that ends like an abbreviation ("25 mg. | per day").
    """

    def __init__(self, nupunkt_module) -> None:
        self.model = copy.deepcopy(nupunkt_module._get_default_model())  # leave the shared model alone
        self.model.add_abbreviations(NEWS_ABBREVIATIONS)
        self.model.parameters.sent_starters.update(NEWS_SENT_STARTERS)
        self.model.clear_decision_cache()

    def clear_caches(self) -> None:
        self.model.clear_decision_cache()

    def __call__(self, text: str) -> list[tuple[int, int]]:
        cased = not text.islower()
        starts = [start for _, (start, _) in self.model.tokenize_with_spans(text)]
        if not starts:
            return []
        pieces = [text[a:b].strip() for a, b in zip(starts, starts[1:] + [len(text)])]
        kept = [starts[0]]
        for index in range(1, len(starts)):
            previous, current = pieces[index - 1], pieces[index]
            if LIST_MARKER.fullmatch(previous) or (
                cased and current[:1].islower() and ENDS_LIKE_ABBREVIATION.search(previous)
            ):
                continue  # no boundary between the two pieces
            kept.append(starts[index])
        return list(zip(kept, kept[1:] + [len(text)]))


NAIVE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def make_splitters() -> list[Splitter]:
    """pysbd, nupunkt (strings and spans) and the naive regex; a missing package is skipped."""
    splitters = []
    try:
        import pysbd

        segmenter = pysbd.Segmenter(language="en", clean=False)
        splitters.append(Splitter("pysbd 0.3 (clean=False)", segmenter.segment))
    except ImportError:
        print("note: pysbd is not installed; skipped", file=sys.stderr)
    try:
        import nupunkt

        def reset_nupunkt() -> None:
            nupunkt._get_default_model().clear_decision_cache()

        version = getattr(nupunkt, "__version__", "")
        nupunkt.sent_spans("Warm up. Load the model.")  # model loading is not timed
        splitters.append(Splitter(f"nupunkt {version} sent_tokenize", nupunkt.sent_tokenize, reset=reset_nupunkt))
        splitters.append(Splitter(f"nupunkt {version} sent_spans", nupunkt.sent_spans, True, reset_nupunkt))
        tuned = NewsTunedNupunkt(nupunkt)
        splitters.append(
            Splitter(f"nupunkt {version} sent_spans + news rules*", tuned, True, tuned.clear_caches, tuned=True))
    except ImportError:
        print("note: nupunkt is not installed; skipped", file=sys.stderr)
    splitters.append(Splitter("naive regex `[.!?]\\s+[A-Z]`", NAIVE.split))
    return splitters


def align(text: str, pieces: Sequence[str]) -> tuple[list[int], bool]:
    """Start offsets in `text` of a splitter's sentence strings; False if they changed the text.

    Each piece is looked up with str.find from where the previous one ended; a piece that is not
    found (the splitter changed more than whitespace) is placed where the previous one ended.
    """
    nonspace = [offset for offset, char in enumerate(text) if not char.isspace()]
    starts, consumed, exact = [], 0, True
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        cursor = nonspace[consumed] if consumed < len(nonspace) else len(text)
        found = text.find(piece, cursor)
        if found < 0:
            exact, found = False, cursor
        starts.append(found)
        consumed = bisect.bisect_left(nonspace, found) + sum(not char.isspace() for char in piece)
    return starts, exact


def predicted_boundaries(splitter: Splitter, text: str) -> tuple[set[int], bool]:
    """Offsets where the splitter starts a sentence other than the first (whitespace skipped)."""
    output = splitter.run(text)
    if splitter.gives_spans:
        starts = []
        for start, end in output:
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            if text[start:end].strip():
                starts.append(start + lead)
        exact = True
    else:
        starts, exact = align(text, output)
    first = len(text) - len(text.lstrip())
    return {s for s in starts if first < s < len(text)}, exact


# --------------------------------------------------------------------------- scoring


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    sentences: int = 0
    exact_sentences: int = 0
    misaligned: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (source, marked-up text)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        return self.exact_sentences / self.sentences if self.sentences else 0.0


def spans(boundaries: Iterable[int], length: int) -> set[tuple[int, int]]:
    """[start, next start) spans of a paragraph cut at `boundaries`."""
    cuts = [0, *sorted(boundaries), length]
    return set(zip(cuts, cuts[1:]))


def mark(text: str, gold: frozenset[int], predicted: set[int], context: int = 70) -> str:
    """Snippets around each wrong boundary: <<MISS>> where one was missed, <<FALSE>> where one is spurious."""
    snippets = []
    for offset in sorted((gold - predicted) | (predicted - gold)):
        tag = "<<MISS>> " if offset in gold else "<<FALSE>> "
        left = max(0, offset - context)
        right = min(len(text), offset + context)
        snippets.append(("..." if left else "") + text[left:offset] + tag + text[offset:right]
                        + ("..." if right < len(text) else ""))
    return "  |  ".join(snippets)


def score(splitter: Splitter, paragraphs: Sequence[Paragraph]) -> Score:
    """Boundary P/R/F1 and exact-sentence accuracy of one splitter on one gold set."""
    result = Score()
    for paragraph in paragraphs:
        predicted, exact = predicted_boundaries(splitter, paragraph.text)
        predicted -= paragraph.ignore
        gold = paragraph.boundaries - paragraph.ignore
        result.tp += len(gold & predicted)
        result.fp += len(predicted - gold)
        result.fn += len(gold - predicted)
        result.misaligned += not exact
        gold_spans = spans(gold, len(paragraph.text))
        result.sentences += len(gold_spans)
        result.exact_sentences += len(gold_spans & spans(predicted, len(paragraph.text)))
        if predicted != gold:
            result.errors.append((paragraph.source, mark(paragraph.text, gold, predicted)))
    return result


# --------------------------------------------------------------------------- timing


def pin_to_one_core() -> str:
    """Pin this process to a single CPU (Linux); returns a description for the report."""
    if hasattr(os, "sched_setaffinity"):
        cpu = max(os.sched_getaffinity(0))  # CPU 0 usually takes more interrupts
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


@dataclass
class Speed:
    seconds: float  # best of REPEATS, caches reset before each run
    sentences: int  # sentences the splitter emitted
    words: int  # whitespace tokens of the input
    warm_seconds: float | None = None  # best of REPEATS without resetting caches (splitters with caches)

    @property
    def sentences_per_second(self) -> float:
        return self.sentences / self.seconds

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds


def _best_time(run: Callable[[str], Sequence], texts: Sequence[str], before: Callable[[], None]) -> tuple[float, int]:
    """Best CPU time of REPEATS passes over `texts` (one call per text) and the sentences emitted."""
    best, emitted = float("inf"), 0
    for _ in range(REPEATS):
        before()
        gc.collect()
        start = time.process_time()
        emitted = 0
        for text in texts:
            emitted += len(run(text))
        best = min(best, time.process_time() - start)
    return best, emitted


def throughput(splitter: Splitter, texts: Sequence[str], words: int) -> Speed:
    """Best of REPEATS cold runs; for splitters with a cache, also best of REPEATS warm runs."""
    seconds, emitted = _best_time(splitter.run, texts, splitter.clear_caches)
    speed = Speed(seconds, emitted, words)
    if splitter.has_cache:
        speed.warm_seconds, _ = _best_time(splitter.run, texts, lambda: None)
    return speed


# --------------------------------------------------------------------------- report


def accuracy_table(rows: list[dict], gold_names: list[str]) -> str:
    """Markdown: per gold set, boundary P / R / F1 and exact-sentence accuracy."""
    header = "| splitter | " + " | ".join(f"{g} P / R / F1 | {g} exact" for g in gold_names) + " |"
    lines = [header, "|---" + "|---:" * (2 * len(gold_names)) + "|"]
    for row in rows:
        cells = []
        for gold in gold_names:
            s = row["scores"][gold]
            cells += [f"{s.precision:.3f} / {s.recall:.3f} / **{s.f1:.3f}**", f"{s.accuracy:.3f}"]
        lines.append(f"| {row['name']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def speed_table(rows: list[dict], corpus_names: list[str]) -> str:
    """Markdown: per timing corpus, sentences/s and words/s (best of REPEATS, one core)."""
    header = "| splitter | " + " | ".join(f"{c} sent/s | {c} words/s" for c in corpus_names) + " |"
    lines = [header, "|---" + "|---:" * (2 * len(corpus_names)) + "|"]
    for row in rows:
        cells = []
        for corpus in corpus_names:
            sp = row["speeds"][corpus]
            cells += [f"{sp.sentences_per_second:,.0f}", f"{sp.words_per_second:,.0f}"]
        lines.append(f"| {row['name']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def mean_f1(row: dict) -> float:
    return sum(s.f1 for s in row["scores"].values()) / len(row["scores"])


def verdict(rows: list[dict], corpus_names: list[str]) -> str:
    """Rank the untuned splitters by mean boundary F1 over the gold sets; compare words/s with the best."""
    ranked = sorted((r for r in rows if not r["tuned"]), key=mean_f1, reverse=True)
    best = ranked[0]
    lines = [f"**Verdict.** Most accurate (mean boundary F1 over the {len(best['scores'])} gold sets): "
             f"**{best['name']}** (mean F1 {mean_f1(best):.3f})."]
    for row in ranked[1:]:
        ratios = ", ".join(
            f"{best['speeds'][c].words_per_second / row['speeds'][c].words_per_second:.1f}x on {c}"
            for c in corpus_names)
        same = all(row["scores"][g].errors == best["scores"][g].errors for g in best["scores"])
        lines.append(f"- vs {row['name']}: mean F1 {mean_f1(row):.3f}"
                     f"{' (the same boundaries)' if same else ''}; the winner's words/s is {ratios}")
    for row in rows:
        if row["tuned"]:
            lines.append(f"- *{row['name']}: mean F1 {mean_f1(row):.3f}; its rules were written after reading "
                         "the errors on these gold sets, so read it as an upper bound for those rules")
    for row in rows:
        for corpus in corpus_names:
            sp = row["speeds"][corpus]
            if sp.warm_seconds:
                lines.append(f"- {row['name']} with a warm decision memo: {sp.words / sp.warm_seconds:,.0f} "
                             f"words/s on {corpus} (cold in the table)")
    misaligned = [f"{r['name']} ({sum(s.misaligned for s in r['scores'].values())} paragraphs)"
                  for r in rows if any(s.misaligned for s in r["scores"].values())]
    if misaligned:
        lines.append("- output that changed more than whitespace (aligned approximately): " + ", ".join(misaligned))
    return "\n".join(lines)


def print_errors(row: dict, limit: int) -> None:
    """Up to `limit` wrong paragraphs per gold set for one splitter, wrong boundaries marked inline."""
    print(f"\n### Errors of {row['name']}  (<<MISS>> missed boundary, <<FALSE>> spurious boundary)")
    for gold, score_ in row["scores"].items():
        print(f"\n{gold}: first {min(limit, len(score_.errors))} of {len(score_.errors)} wrong paragraphs")
        for source, text in score_.errors[:limit]:
            print(f"- [{source}] {text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder (default: %(default)s)")
    parser.add_argument("--clusters", type=int, default=200, help="Multi-News val clusters to time (default: 200)")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="also print up to N wrong paragraphs per gold set for every splitter")
    args = parser.parse_args(argv)

    if not args.data.is_dir():
        sys.exit(f"error: data folder {args.data} not found; pass the shared data folder with --data")
    tac_path, mn_path = args.data / TAC_FILE, args.data / MULTINEWS_FILE
    missing = [str(p) for p in (tac_path, mn_path, FIXTURE) if not p.is_file()]
    if missing:
        sys.exit(f"error: missing {', '.join(missing)} (the data folder needs {TAC_FILE} and {MULTINEWS_FILE})")

    started = time.perf_counter()
    pinned = pin_to_one_core()
    detokenized = tac_paragraphs(tac_path, detokenize)
    gold_sets = {
        "TAC": tac_paragraphs(tac_path),
        "TAC detok.": detokenized,
        "TAC detok. undisputed": undisputed(detokenized),
        "fixture": fixture_paragraphs(FIXTURE),
    }
    corpora = {"TAC": [p.text for p in gold_sets["TAC"]], "Multi-News": multinews_paragraphs(mn_path, args.clusters)}
    words = {name: sum(len(t.split()) for t in texts) for name, texts in corpora.items()}

    for name, paragraphs in gold_sets.items():
        scored = sum(len(p.boundaries - p.ignore) for p in paragraphs)
        ignored = sum(len(p.boundaries & p.ignore) for p in paragraphs)
        print(f"Gold {name}: {len(paragraphs)} paragraphs, {sum(len(p.sentences) for p in paragraphs):,} sentences, "
              f"{scored:,} scored boundaries" + (f" ({ignored} disputed ones not scored)" if ignored else ""))
    print(f"Timing: TAC (tokenized) {len(corpora['TAC']):,} paragraphs, {words['TAC']:,} words; Multi-News val "
          f"{args.clusters} clusters, {len(corpora['Multi-News'])} non-empty documents, {words['Multi-News']:,} words; "
          f"best of {REPEATS}, one call per paragraph, {pinned}, Python {sys.version.split()[0]}\n")

    rows = []
    for splitter in make_splitters():
        rows.append({
            "name": splitter.name,
            "tuned": splitter.tuned,
            "scores": {name: score(splitter, paragraphs) for name, paragraphs in gold_sets.items()},
            "speeds": {name: throughput(splitter, texts, words[name]) for name, texts in corpora.items()},
        })

    print(accuracy_table(rows, list(gold_sets)))
    print()
    print(speed_table(rows, list(corpora)))
    print()
    print(verdict(rows, list(corpora)))
    if args.errors:
        for row in rows:
            print_errors(row, args.errors)
    print(f"\nWall time: {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
