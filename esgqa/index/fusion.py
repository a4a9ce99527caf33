"""Fusing lexical and dense scores into one ranking.

Plain reciprocal-rank fusion loses to BM25 alone on Chinese questions: BM25 is very precise when the question
shares the report's words, and a rank-only fusion lets weak dense neighbours outvote it. Here scores are
scaled per query and mixed with weights that depend on the question's language and on how strongly the
lexical side matched, then chunks containing the question's numbers get a bonus, and chunks get a share of
their page's best score (facts are often split across neighbouring chunks of one page).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt

Scores = npt.NDArray[np.float32]


@dataclass(frozen=True)
class FusionParams:
    lexical_weight_zh: float = 0.7
    lexical_weight_en: float = 0.4
    strong_match: float = 0.6  # share of query terms found in the best chunk above which lexical is trusted more
    strong_boost: float = 0.15
    number_bonus: float = 0.25
    page_share: float = 0.15
    dense_floor_quantile: float = 0.5

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def scale_lexical(scores: Scores) -> Scores:
    top = float(scores.max()) if scores.size else 0.0
    return (scores / top).astype(np.float32) if top > 0 else np.zeros_like(scores)


def scale_dense(scores: Scores, floor_quantile: float, floor: float | None = None) -> Scores:
    """Min-max against a floor (the median similarity, unless given), so the typical unrelated chunk scores ~0.

    A backend that scores only some chunks gives the floor, estimated from a sample of all the vectors: the
    median of a few hundred candidates' similarities is no chunk's typical similarity."""
    if scores.size == 0:
        return scores
    floor = float(np.quantile(scores, floor_quantile)) if floor is None else floor
    top = float(scores.max())
    if top <= floor:
        return np.zeros_like(scores)
    return np.asarray(np.clip((scores - floor) / (top - floor), 0.0, 1.0), dtype=np.float32)


def page_pooling(scores: Scores, page_keys: npt.NDArray[np.int64], share: float) -> Scores:
    """Add `share` of the best score on the same page to every chunk of that page."""
    if share <= 0 or scores.size == 0:
        return scores
    best = np.zeros(int(page_keys.max()) + 1, dtype=np.float32)
    np.maximum.at(best, page_keys, scores)
    return np.asarray(scores + share * best[page_keys], dtype=np.float32)


def fuse(
    lexical: Scores,
    dense: Scores,
    english: bool,
    match_ratio: float,
    number_hits: Scores,
    page_keys: npt.NDArray[np.int64],
    params: FusionParams,
    dense_floor: float | None = None,
) -> Scores:
    weight = params.lexical_weight_en if english else params.lexical_weight_zh
    if match_ratio >= params.strong_match:
        weight = min(1.0, weight + params.strong_boost)
    dense_part = scale_dense(dense, params.dense_floor_quantile, dense_floor)
    mixed = weight * scale_lexical(lexical) + (1 - weight) * dense_part
    mixed = mixed + params.number_bonus * number_hits
    return page_pooling(mixed.astype(np.float32), page_keys, params.page_share)
