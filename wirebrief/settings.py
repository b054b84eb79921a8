"""One settings object for the whole pipeline, instead of long keyword lists (as trafilatura does)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, is_dataclass, replace

from .errors import UsageError
from .methods import DEFAULT_METHOD, check_method
from .resources import check_model

BUDGETS = ("words", "sentences", "chars")


@dataclass(frozen=True)
class Budget:
    """A hard length limit on the brief. Exactly one of the three is set."""

    words: int | None = None
    sentences: int | None = None
    chars: int | None = None

    def __post_init__(self) -> None:
        """Checked however the budget is made (`of`, directly, or Settings.from_dict): a wrong one is one line."""
        given = {name: getattr(self, name) for name in BUDGETS if getattr(self, name) is not None}
        if len(given) > 1:
            raise UsageError(f"give only one of words, sentences or chars (got {', '.join(given)})")
        if not given:
            raise UsageError("the length budget needs one of words, sentences or chars")
        value = next(iter(given.values()))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise UsageError("the length budget must be a positive number")

    @classmethod
    def of(cls, words: int | None = None, sentences: int | None = None, chars: int | None = None) -> "Budget":
        """The budget given (at most one of the three), or 150 words when none is."""
        if words is None and sentences is None and chars is None:
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


def _check(owner: str, name: str, value, low: float, high: float = math.inf, *, whole: bool = False,
           above: bool = False) -> None:
    """A UsageError unless `value` is a number from `low` (exclusive when `above`) to `high` (a whole one when
    `whole`): a wrong knob is one line, before anything is read."""
    number = isinstance(value, int) if whole else isinstance(value, (int, float))
    if (
        isinstance(value, bool)
        or not number
        or value != value
        or value > high
        or value < low
        or (above and value == low)
    ):
        kind = "a whole number" if whole else "a number"
        if high == math.inf:
            allowed = f"{'above' if above else 'of at least'} {low:g}"
        else:
            allowed = f"above {low:g} and at most {high:g}" if above else f"from {low:g} to {high:g}"
        raise UsageError(f"{owner}.{name} must be {kind} {allowed}, not {value!r}")


@dataclass(frozen=True)
class CoverageConfig:
    """Concept coverage (select/coverage.py): the concepts and weights that `coverage`, `coverage-ilp` and
    `coverage-learned` share, and the greedy's cost scaling."""

    # cost scaling r of gain / cost**r: 1 is Khuller et al.'s cost-scaled greedy; Lin & Bilmes (2010) use 0.3, which
    # leans less towards short sentences. The two tie on Multi-News train clusters of 7+ articles; 0.3 is slightly
    # ahead on the full-article Multi-News sample (R-2 recall at 100 words 8.73 against 8.64)
    scale: float = 0.3
    # a concept must appear in this many articles (ICSISumm: 3 on 10-article TAC clusters) ...
    min_df: int = 3
    # ... but clusters of fewer than this many articles need only 2 (a bigram shared by 2 of 3 reports is the story)
    small_cluster: int = 6
    # weight of the unigram tier against the bigram tier: small enough never to outweigh one bigram of weight 2
    unigram_weight: float = 1e-3
    # lead prior: an article counts 1 + position_prior / (1 + position of the concept's first sentence in it), so a
    # concept in three leads outweighs one in three closing paragraphs (position as a concept feature:
    # Berg-Kirkpatrick et al. 2011, Li, Qian & Liu 2013). On the full-article Multi-News sample it adds 0.3 R-2
    # recall at 100 words
    position_prior: float = 1.0
    # budget the concepts leave goes to early sentences that bring at least this share of new content words
    fill_novelty: float = 0.5

    def __post_init__(self) -> None:
        _check("coverage", "scale", self.scale, 0.0, 1.0)
        _check("coverage", "min_df", self.min_df, 1, whole=True)
        _check("coverage", "small_cluster", self.small_cluster, 1, whole=True)
        _check("coverage", "unigram_weight", self.unigram_weight, 0.0)
        _check("coverage", "position_prior", self.position_prior, 0.0)
        _check("coverage", "fill_novelty", self.fill_novelty, 0.0, 1.0)


@dataclass(frozen=True)
class SalienceConfig:
    """The salience method (select/salience.py): centrality + support_weight * support + position_weight * lead."""

    support_weight: float = 0.3
    position_weight: float = 0.3

    def __post_init__(self) -> None:
        _check("salience", "support_weight", self.support_weight, 0.0)
        _check("salience", "position_weight", self.position_weight, 0.0)


@dataclass(frozen=True)
class IlpConfig:
    """Exact concept coverage (select/ilp.py)."""

    # branch-and-bound nodes HiGHS may explore: a count, not a clock, so that the same input gives the same brief
    node_limit: int = 200
    # the heaviest concepts kept in the program
    max_concepts: int = 2000

    def __post_init__(self) -> None:
        _check("ilp", "node_limit", self.node_limit, 1, whole=True)
        _check("ilp", "max_concepts", self.max_concepts, 1, whole=True)


@dataclass(frozen=True)
class GuidedConfig:
    """Concept coverage guided by the learned scorer (select/guided.py)."""

    # weight of a unit's learned score against the concepts it covers; chosen on Multi-News train clusters of full
    # articles
    learned_prior_weight: float = 3.0

    def __post_init__(self) -> None:
        _check("guided", "learned_prior_weight", self.learned_prior_weight, 0.0)


@dataclass(frozen=True)
class LearnedConfig:
    """The learned method's MMR step (select/learned.py). None takes the model file's value: `wirebrief train`
    tunes both on held-out train clusters and stores them in learned.json ("selection"; the shipped model: 0.5 and
    0.6), and a model without them falls back to Settings.mmr_lambda / redundancy_threshold.
    `wirebrief.select.learned.resolved_config(settings)` gives the values in use."""

    mmr_lambda: float | None = None
    redundancy_threshold: float | None = None

    def __post_init__(self) -> None:
        if self.mmr_lambda is not None:
            _check("learned", "mmr_lambda", self.mmr_lambda, 0.0, 1.0)
        if self.redundancy_threshold is not None:
            _check("learned", "redundancy_threshold", self.redundancy_threshold, 0.0, 1.0, above=True)


@dataclass(frozen=True)
class ContentConfig:
    """The content model's knobs: the model directory, and each selection method's config (wirebrief.select
    registers which of them a method reads)."""

    # a model directory written by `wirebrief train` (learned.json, idf.json, boilerplate.json); None: the shipped one
    model: str | None = None
    coverage: CoverageConfig = CoverageConfig()
    salience: SalienceConfig = SalienceConfig()
    ilp: IlpConfig = IlpConfig()
    guided: GuidedConfig = GuidedConfig()
    learned: LearnedConfig = LearnedConfig()

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name != "model" and not isinstance(value, type(item.default)):
                raise UsageError(f"content.{item.name} must be a {type(item.default).__name__}, not {value!r}")
        if self.model is not None:
            if not isinstance(self.model, str):
                raise UsageError(f"content.model must be the path of a model directory, not {self.model!r}")
            check_model(self.model)


@dataclass(frozen=True)
class ClusterSettings:
    """How ingested articles are clustered into stories (wirebrief/stories/index.py): `Settings.stories`. A
    threshold above 1 (a cosine cannot reach it) switches its rule off."""

    # The defaults are the events' (issue 25; the storylines' are stories/index.py STORYLINE_SETTINGS): chosen on the
    # AllSides dev stream (benchmarks/stories.py quality --data allsides --level event): B-cubed F1 0.567 with the
    # one-level settings (join 0.18, merge 0.35/0.20, no core, 60-day grace) -> 0.91
    join_threshold: float = 0.25  # cosine (x time factor) an article needs to join a story
    merge_threshold: float = 0.5  # centroid cosine for two stories that one article joins both of to be merged
    bridge_score: float = 0.25  # ... or, when the article is this similar to both, this lower centroid cosine:
    bridge_merge_threshold: float = 0.5
    centroid_terms: int = 150
    index_terms: int = 30
    probe_terms: int = 25
    max_candidates: int = 10
    max_postings: int = 40
    max_active: int = 10_000
    recent_per_story: int = 24  # article SimHashes kept per story for near-duplicate checks
    simhash_distance: int = 10  # bits (of 64) for a near-duplicate candidate
    # time factor: an event is reported within about a day of its first report
    date_grace_days: float = 1.0  # no penalty within this many days of a story's dates
    date_scale_days: float = 1.0  # then the factor falls as (1 + extra_days / scale) ** -power
    date_decay_power: float = 2.0
    # core_size > 0: only a story's first `core_size` reports make its centroid, so a report is compared with the
    # story's core and a story cannot drift by chaining off its latest reports
    core_size: int = 3
    date_from_first: bool = True  # time gap measured from the story's first publication date, not its range
    horizon_days: float = 7.0  # a dated report this many days from a story's dates never joins it
    # an undated report joins a story whose news ended more than horizon_days before the newest date seen only
    # with this score (placed by content alone, it never revives an old story on a weak match)
    revive_threshold: float = 0.5
    title_weight: float = 1.0  # a report's title vector is added to its text vector with this weight (both unit)
    lead_words: int = 0  # > 0: only the first this many words of the text are vectorised (the lead)
    min_news_words: int = 25  # an article with page furniture and fewer other words than this is skipped (0: off)
    prior_docs: float = 5000.0  # weight of the background IDF prior, in documents (0: none)
    clear_join_threshold: float = 2.0  # below join_threshold, a story this similar that beats the runner-up ...
    clear_join_ratio: float = 2.0  # ... by this factor is joined anyway (> 1 threshold: off)
    # article-to-article links (single link within the recent window; see module doc). > 1: off
    # Off by default: on Multi-News train (1000 clusters x 2 seeds) the best link threshold (0.22) moved B-cubed F1
    # by +0.001 (0.8108 -> 0.8119) and cost ~15% of ingest speed; DUC/full did not move (see benchmarks/stories.py).
    link_threshold: float = 2.0  # cosine (x time factor) of an article with a recent article of a story to join it
    link_merge_threshold: float = 0.35  # an article linked this closely to articles of two stories merges them
    link_terms: int = 60  # heaviest terms kept per article for links (stored with the article)
    link_index_terms: int = 20  # ... of which the article is posted under this many in the article index
    link_window: int = 20_000  # latest clustered articles in the article index
    link_candidates: int = 30  # articles scored exactly per new article (those sharing most probe terms)
    link_max_postings: int = 300  # terms posted to more recent articles than this are not probed

    def __post_init__(self) -> None:
        for name in ("join_threshold", "merge_threshold", "bridge_score", "bridge_merge_threshold"):
            _check("stories", name, getattr(self, name), 0.0, 1.0)
        for name in ("clear_join_threshold", "link_threshold", "link_merge_threshold"):
            _check("stories", name, getattr(self, name), 0.0)
        _check("stories", "clear_join_ratio", self.clear_join_ratio, 1.0)
        for name in ("centroid_terms", "index_terms", "probe_terms", "max_candidates", "max_postings", "max_active",
                     "recent_per_story", "link_terms", "link_index_terms", "link_window", "link_candidates",
                     "link_max_postings"):
            _check("stories", name, getattr(self, name), 1, whole=True)
        _check("stories", "simhash_distance", self.simhash_distance, 0, 64, whole=True)
        _check("stories", "min_news_words", self.min_news_words, 0, whole=True)
        _check("stories", "date_grace_days", self.date_grace_days, 0.0)
        _check("stories", "date_scale_days", self.date_scale_days, 0.0, above=True)
        _check("stories", "date_decay_power", self.date_decay_power, 0.0, above=True)
        _check("stories", "prior_docs", self.prior_docs, 0.0)
        _check("stories", "core_size", self.core_size, 0, whole=True)
        _check("stories", "lead_words", self.lead_words, 0, whole=True)
        _check("stories", "horizon_days", self.horizon_days, 0.0, above=True)
        _check("stories", "revive_threshold", self.revive_threshold, 0.0, 1.0)
        _check("stories", "title_weight", self.title_weight, 0.0)


@dataclass(frozen=True)
class Settings:
    budget: Budget = Budget(words=150)
    method: str = DEFAULT_METHOD  # a name from wirebrief.methods.METHODS
    # reading
    max_file_bytes: int = 5_000_000
    # caps on one brief, so that its cost is bounded whatever the input (README, "Limits"): articles beyond
    # max_articles are skipped with a reason; beyond max_sentences, each article's later sentences are left out
    max_articles: int = 1_000
    max_sentences: int = 5_000
    # brief material (wirebrief.text.worthy): sentences shorter or longer than this are not
    min_sentence_words: int = 5
    max_sentence_words: int = 80
    # leave out sentences that lean on an earlier one: an opening pronoun or connective, an unattributed quote
    standalone_sentences: bool = True
    # drop an opening "But"/"And"/"So"/"Yet"/"However," instead of the sentence (worthy.repair)
    repair_openings: bool = True
    # cut page text glued into a sentence (datelines, captions, credits, widgets; wirebrief.text.trim), deleting only
    trim_furniture: bool = True
    # wire matching: LSH candidates on token sets, confirmed by normalised edit similarity
    wire_lsh_threshold: float = 0.4
    wire_num_perm: int = 64
    wire_min_similarity: float = 0.75
    # redundancy: a candidate this similar (TF-IDF cosine) to a chosen sentence is not taken
    redundancy_threshold: float = 0.5
    mmr_lambda: float = 0.7
    fetch: FetchSettings = FetchSettings()
    content: ContentConfig = ContentConfig()
    stories: ClusterSettings = ClusterSettings()

    def __post_init__(self) -> None:
        """Validate up front: an unknown method or an out-of-range knob is one UsageError before any input is read."""
        check_method(self.method)
        _check("settings", "mmr_lambda", self.mmr_lambda, 0.0, 1.0)
        _check("settings", "redundancy_threshold", self.redundancy_threshold, 0.0, 1.0, above=True)

    def to_dict(self) -> dict:
        """Every knob as JSON-serialisable values ({"budget": {"words": 150, ...}, "method": ..., ...})."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Settings":
        """The settings `to_dict` wrote (a key left out keeps its default), validated like any other."""
        return _from_dict(cls, data)

    def with_budget(self, words: int | None = None, sentences: int | None = None, chars: int | None = None) -> "Settings":
        """These settings with a new length budget (at most one of the three; none gives 150 words)."""
        return replace(self, budget=Budget.of(words=words, sentences=sentences, chars=chars))


def _from_dict(cls, data: dict):
    """An instance of the dataclass `cls` from a dict of its fields; nested configs from nested dicts."""
    if not isinstance(data, dict):
        raise UsageError(f"{cls.__name__}: expected an object of settings, not {data!r}")
    known = {item.name: item for item in fields(cls)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise UsageError(f"{cls.__name__}: unknown setting(s) {', '.join(unknown)}")
    values = {}
    for name, value in data.items():
        default = known[name].default
        if is_dataclass(default):
            value = _from_dict(type(default), value)
        elif isinstance(value, list):  # JSON has no tuples
            value = tuple(value)
        values[name] = value
    return cls(**values)


@dataclass(frozen=True)
class TrainSettings:
    """What `wirebrief train` fits the learned scorer with (wirebrief/train/__init__.py; the CLI's options are these)."""

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
