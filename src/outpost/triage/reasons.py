"""Complaint categories that a workspace defines, and how a complaint gets one.

A category matches a complaint by keyword (a whole word or phrase of its
``keywords``, case-insensitive) or, failing that, by the cosine similarity between
the post's static embedding and the mean embedding of the category's name,
description and examples.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from outpost.triage.features import FeatureExtractor, PreparedText, prepare
from outpost.triage.preprocess import fold

# NOTE: the similarity threshold is an estimate from a few hand-written airline
# complaints; it has not been measured on labelled categories.
MIN_SIMILARITY = 0.35


@dataclass(frozen=True)
class ReasonSpec:
    """A complaint category of the workspace, such as late delivery or billing."""

    name: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


class ReasonMatcher:
    """Chooses the category of complaints among ``reasons``."""

    def __init__(self, reasons: Sequence[ReasonSpec], features: FeatureExtractor):
        self.names = tuple(reason.name for reason in reasons)
        self._keywords = [_keyword_pattern(reason.keywords) for reason in reasons]
        texts = [
            prepare(" ".join((reason.name.replace("_", " "), reason.description)))
            for reason in reasons
        ]
        prototypes = features.embed(texts) if texts else np.zeros((0, 1))
        for i, reason in enumerate(reasons):
            if reason.examples:
                examples = features.embed([prepare(text) for text in reason.examples])
                prototypes[i] = prototypes[i] + examples.mean(axis=0)
        norms = np.linalg.norm(prototypes, axis=1, keepdims=True)
        self._prototypes: NDArray[np.float32] = prototypes / np.maximum(norms, 1e-12)

    def choose(self, text: PreparedText, embedding: NDArray[np.float32]) -> str | None:
        """Return the name of the category of one complaint, or None."""
        for name, pattern in zip(self.names, self._keywords, strict=True):
            if pattern is not None and pattern.search(text.folded):
                return name
        if not self.names:
            return None
        similarity = self._prototypes @ embedding
        best = int(np.argmax(similarity))
        return self.names[best] if similarity[best] >= MIN_SIMILARITY else None


def _keyword_pattern(keywords: Sequence[str]) -> re.Pattern[str] | None:
    words = [
        re.escape(fold(keyword).strip()) for keyword in keywords if keyword.strip()
    ]
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")
