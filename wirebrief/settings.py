"""One settings object for the whole pipeline, instead of long keyword lists (as trafilatura does)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from .errors import UsageError


@dataclass(frozen=True)
class Budget:
    """A hard length limit on the brief. Exactly one of the three is set."""

    words: int | None = None
    sentences: int | None = None
    chars: int | None = None

    @classmethod
    def of(cls, words: int | None = None, sentences: int | None = None, chars: int | None = None) -> "Budget":
        given = [v for v in (words, sentences, chars) if v is not None]
        if len(given) > 1:
            raise UsageError("give only one of words, sentences or chars")
        if any(v <= 0 for v in given):
            raise UsageError("the length budget must be a positive number")
        if not given:
            return cls(words=150)
        return cls(words=words, sentences=sentences, chars=chars)

    def cost(self, text: str) -> int:
        """How much of the budget one sentence uses (chars include the joining space)."""
        if self.words is not None:
            return len(text.split())
        if self.sentences is not None:
            return 1
        return len(text) + 1

    def to_dict(self) -> dict:
        """{"words": …, "sentences": …, "chars": …}, two of them None."""
        return asdict(self)

    def without(self, cost: int) -> "Budget | None":
        """What is left after spending `cost` of it, or None when nothing is."""
        if self.words is not None:
            return Budget(words=self.words - cost) if self.words > cost else None
        if self.sentences is not None:
            return Budget(sentences=self.sentences - cost) if self.sentences > cost else None
        return Budget(chars=self.chars - cost) if self.chars > cost else None  # type: ignore[operator]

    @property
    def limit(self) -> int:
        if self.words is not None:
            return self.words
        if self.sentences is not None:
            return self.sentences
        # the first sentence has no joining space in front of it
        return self.chars + 1  # type: ignore[operator]


@dataclass(frozen=True)
class FetchSettings:
    """How pages and feeds are fetched (wirebrief.fetch): polite, bounded and safe unless told otherwise."""

    # loopback and private-network hosts are refused unless this is set (tests, an intranet); link-local,
    # multicast, unspecified and cloud-metadata addresses are refused always
    allow_private_hosts: bool = False
    user_agent: str = "wirebrief/0.1 (+https://pypi.org/project/wirebrief/)"
    respect_robots: bool = True
    timeout: float = 10.0  # seconds for connecting and for each read
    deadline: float = 30.0  # seconds for a whole response, body included (a trickling server is cut off)
    max_redirects: int = 5
    max_bytes: int = 5_000_000  # body on the wire and after decompression
    max_items_per_feed: int = 50
    concurrency: int = 8  # requests in flight in all
    host_concurrency: int = 2  # requests in flight per host
    host_interval: float = 1.0  # seconds between request starts per host (robots.txt Crawl-delay can raise it)
    max_crawl_delay: float = 30.0
    retries: int = 2  # more tries after a 429, a 5xx or a timeout
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    max_retry_wait: float = 60.0  # a longer Retry-After ends the poll; the feed is due again after it
    every: float = 900.0  # seconds between polls of a feed
    max_backoff: float = 86_400.0  # a failing feed is polled at most this rarely
    dead_after: int = 5  # consecutive failed polls after which a feed is reported dead
    max_page_attempts: int = 3  # a page that failed this often is not fetched again
    request_budget: float = 45.0  # seconds one API request may spend fetching its URLs


@dataclass(frozen=True)
class ContentConfig:
    """The content model's knobs (wirebrief.score and wirebrief.selectors)."""

    # a model directory written by `wirebrief train` (learned.json, idf.json, boilerplate.json); None: the shipped one
    model: str | None = None
    # exact concept coverage (selectors/ilp.py): branch-and-bound nodes HiGHS may explore (a count, not a clock,
    # so that the same input gives the same brief), and the heaviest concepts kept in the program
    ilp_node_limit: int = 200
    ilp_max_concepts: int = 2000
    # concept coverage guided by the learned scorer (selectors/guided.py): weight of a unit's learned score
    # against the concepts it covers; chosen on Multi-News train clusters of full articles
    learned_prior_weight: float = 3.0


@dataclass(frozen=True)
class Settings:
    budget: Budget = Budget(words=150)
    method: str = "wirebrief"  # a name from wirebrief.selectors.METHODS
    # reading
    max_file_bytes: int = 5_000_000
    # caps on one brief, so that its cost is bounded whatever the input (README, "Limits"): articles beyond
    # max_articles are skipped with a reason; beyond max_sentences, each article's later sentences are left out
    max_articles: int = 1_000
    max_sentences: int = 5_000
    # brief material (wirebrief.worthy): sentences shorter or longer than this are not
    min_sentence_words: int = 5
    max_sentence_words: int = 80
    # leave out sentences that lean on an earlier one: an opening pronoun or connective, an unattributed quote
    standalone_sentences: bool = True
    # drop an opening "But"/"And"/"So"/"Yet"/"However," instead of the sentence (worthy.repair)
    repair_openings: bool = True
    # wire matching: LSH candidates on token sets, confirmed by normalised edit similarity
    wire_lsh_threshold: float = 0.4
    wire_num_perm: int = 64
    wire_min_similarity: float = 0.75
    # redundancy: a candidate this similar (TF-IDF cosine) to a chosen sentence is not taken
    redundancy_threshold: float = 0.5
    mmr_lambda: float = 0.7
    fetch: FetchSettings = FetchSettings()
    content: ContentConfig = ContentConfig()

    def to_dict(self) -> dict:
        """Every knob as JSON-serialisable values ({"budget": {"words": 150, ...}, "method": ..., ...})."""
        return asdict(self)

    def with_budget(self, words: int | None = None, sentences: int | None = None, chars: int | None = None) -> "Settings":
        """These settings with a new length budget (at most one of the three; none gives 150 words)."""
        return replace(self, budget=Budget.of(words=words, sentences=sentences, chars=chars))


@dataclass(frozen=True)
class TrainSettings:
    """What `wirebrief train` fits the learned scorer with (wirebrief/train.py; the CLI's options are these)."""

    data: str = ""  # Multi-News train JSONL (gzipped or not)
    out: str = "wirebrief/models"  # where learned.json, idf.json and boilerplate.json go
    clusters: int = 6000  # training clusters, from the file's start
    holdout: int = 800  # tuning clusters, from the file's end
    idf_clusters: int = 20000  # clusters for the background IDF
    words: int = 230  # word budget the oracle and tuning use
    iterations: int = 150
    depth: int = 4
    min_leaf: int = 50  # fewest training units in a leaf
    seed: int = 0
    # feature groups left out: cluster size and input order describe how a data set was assembled, not what
    # matters in a story
    drop: tuple[str, ...] = ("cluster", "order")
    cache: str | None = None  # npz file to reuse/save the feature matrix (speeds up ablations)
