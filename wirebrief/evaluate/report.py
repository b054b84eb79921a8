"""Evaluation results as a Markdown table or JSON, with published anchors printed beside them for context."""

from __future__ import annotations

import json
from dataclasses import asdict

from .harness import Run, Summary, summarize_run
from .rouge import METRICS

LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeLsum": "R-Lsum"}

ANCHORS = """Published anchors (other protocols and splits; context, not comparable numbers):
- Multi-News test, F1 (Fabbri et al. 2019 and later): First-3 39.41/11.77, LexRank 38.27/12.70, TextRank 38.44/13.10,
  MMR 38.77/11.98, Hi-MAP 43.47/14.89, MatchSum 46.20/16.51 (R-1/R-2)
- DUC 2004, recall, ROUGE-1.5.5, 100 words: LexRank 36.00/7.51, Submodular 39.23/9.37, ICSISumm 38.44/9.81 (R-1/R-2)"""


def _pct(value: float) -> str:
    return f"{100 * value:.2f}"


def markdown(run: Run, summaries: list[Summary] | None = None) -> str:
    summaries = summaries if summaries is not None else summarize_run(run)
    measure, name = ("r", "recall") if run.recall else ("f", "F1")
    baseline = next((s for s in summaries if s.system == "wirebrief"), None)
    lines = [
        f"ROUGE {name} ×100, output truncated to {run.words} words; 95% bootstrap interval in brackets.",
        "",
        "| system | " + " | ".join(LABELS[m] for m in METRICS) + " | R-1 P / R / F | words | clusters/s | p50 ms | p95 ms | peak MiB | wirebrief speed-up |",
        "|---|" + "---|" * (len(METRICS) + 7),
    ]
    for s in summaries:
        cells = [
            f"{_pct(s.means[m][measure])} [{_pct(s.intervals[m][0])}, {_pct(s.intervals[m][1])}]" for m in METRICS
        ]
        prf = " / ".join(_pct(s.means["rouge1"][k]) for k in ("p", "r", "f"))
        ratio = f"{s.p50_ms / baseline.p50_ms:.1f}×" if baseline and baseline.p50_ms > 0 else "–"
        lines.append(
            f"| {s.system} | " + " | ".join(cells)
            + f" | {prf} | {s.words:.0f} | {s.clusters_per_second:.1f} | {s.p50_ms:.1f} | {s.p95_ms:.1f}"
            + f" | {s.peak_mib:.1f} | {ratio} |"
        )
    scored = summaries[0].clusters if summaries else 0
    lines += ["", f"{scored} clusters scored, {len(run.bad)} skipped; wall time {run.wall_seconds:.1f} s."]
    reasons: dict[str, int] = {}
    for bad in run.bad:
        reasons[bad.reason] = reasons.get(bad.reason, 0) + 1
    lines += [f"- skipped: {count} × {reason}" for reason, count in sorted(reasons.items())]
    errors = [s for s in summaries if s.errors]
    lines += [f"- {s.system}: {s.errors} clusters failed (scored as empty)" for s in errors]
    lines += ["", "wirebrief speed-up: a system's p50 latency divided by wirebrief's (above 1: wirebrief is faster).", "", ANCHORS]
    return "\n".join(lines) + "\n"


def as_json(run: Run) -> str:
    summaries = summarize_run(run)
    return json.dumps(
        {
            "words": run.words,
            "measure": "recall" if run.recall else "f1",
            "systems": [asdict(s) for s in summaries],
            "skipped": [asdict(b) for b in run.bad],
            "wall_seconds": run.wall_seconds,
        },
        indent=2,
    ) + "\n"


def rows_jsonl(run: Run) -> str:
    return "".join(json.dumps(asdict(row)) + "\n" for row in run.rows)
