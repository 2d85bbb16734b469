"""Workspace heads: classifiers a workspace fits from its agents' corrections, on
top of the shipped model.

Each head is a logistic regression over the shipped feature row plus the shipped
model's own output for the post (sentiment log-probabilities and a flag per
standard intent), so a handful of corrections adjusts the shipped labels rather
than replacing them. A head is fitted only for a label with at least
``MIN_CLASS_EXAMPLES`` examples on each side. A corrected post itself always gets
its corrected labels back, through an exact-text memory keyed by a hash.

Heads serialise to an ``.npz`` file of numpy arrays with JSON metadata; loading
never unpickles.
"""

import hashlib
import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from outpost.errors import OutpostError
from outpost.triage.labels import INTENTS, SENTIMENTS, URGENCIES
from outpost.triage.model import LinearHead
from outpost.triage.preprocess import fold, strip_mentions_and_urls

if TYPE_CHECKING:
    from outpost.triage.triager import Triager

MIN_CLASS_EXAMPLES = 3
# A new workspace intent also needs this many examples without it: with fewer, its
# head learns too little of what the intent is not, and fires on most posts.
MIN_NEW_INTENT_NEGATIVES = 20
# Uncorrected stored posts that training adds as negatives of the workspace's own
# intents (see ``feedback.service``).
BACKGROUND_NEGATIVES = 500
# Cross-validated F1 is reported only with this many examples in the rarer class.
MIN_CV_EXAMPLES = 5
HEAD_C = 4.0
# Scale of the shipped model's outputs among the head's columns, large enough that
# a head with few examples leans on them.
SHIPPED_SCALE = 3.0
FORMAT_VERSION = 1


class HeadsFormatError(OutpostError):
    """Stored workspace heads cannot be read."""


@dataclass(frozen=True)
class TrainingExample:
    """One agent correction or workspace example. ``intents`` are intents the post
    has and ``not_intents`` intents it does not have; None leaves a label alone."""

    text: str
    sentiment: str | None = None
    intents: frozenset[str] = frozenset()
    not_intents: frozenset[str] = frozenset()
    urgency: str | None = None
    reason: str | None = None


def text_key(text: str) -> str:
    """Return the memory key of a post text: a hash of its folded words, so that
    @mentions, links, case and spacing do not matter."""
    return stripped_text_key(strip_mentions_and_urls(text))


def stripped_text_key(stripped: str) -> str:
    """Return ``text_key`` of a post from its text without @mentions and URLs."""
    folded = " ".join(fold(stripped).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:20]


@dataclass
class WorkspaceHeads:
    """The heads of one workspace. Build them with ``WorkspaceHeads.train``."""

    intents: tuple[str, ...] = ()
    intent_heads: dict[str, LinearHead] = field(default_factory=dict)
    sentiment: LinearHead | None = None
    reason: LinearHead | None = None
    memory: dict[str, dict[str, Any]] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    cross_validated_f1: dict[str, float] = field(default_factory=dict)

    @classmethod
    def train(
        cls,
        examples: Sequence[TrainingExample],
        *,
        base: "Triager",
        intents: Sequence[str] = (),
    ) -> "WorkspaceHeads":
        """Fit heads from ``examples`` on top of ``base``'s shipped model.

        ``intents`` names new workspace intents, learned from the examples alone:
        an example that does not list a new intent counts against it. A standard
        intent learns only from examples that list it in ``intents`` or
        ``not_intents``.

        Raises ValueError for an invalid sentiment or urgency, or for a new intent
        that has a standard intent's name.
        """
        new_intents = tuple(dict.fromkeys(intents))
        _check(examples, new_intents)
        heads = cls(intents=new_intents)
        heads.memory = {text_key(e.text): _memory_entry(e) for e in examples}
        if not examples:
            return heads

        rows = base.head_rows([example.text for example in examples])
        heads._fit_sentiment(rows, examples)
        for intent in (*INTENTS, *new_intents):
            heads._fit_intent(rows, examples, intent, intent in new_intents)
        heads._fit_reason(rows, examples)
        return heads

    def _fit_sentiment(
        self, rows: sparse.csr_matrix, examples: Sequence[TrainingExample]
    ) -> None:
        chosen = [i for i, e in enumerate(examples) if e.sentiment is not None]
        labels = [str(examples[i].sentiment) for i in chosen]
        self.sentiment = self._fit("sentiment", rows[chosen], labels)

    def _fit_intent(
        self,
        rows: sparse.csr_matrix,
        examples: Sequence[TrainingExample],
        intent: str,
        new: bool,
    ) -> None:
        chosen: list[int] = []
        labels: list[str] = []
        for i, example in enumerate(examples):
            if intent in example.intents:
                chosen.append(i)
                labels.append("1")
            elif new or intent in example.not_intents:
                chosen.append(i)
                labels.append("0")
        if new and labels.count("0") < MIN_NEW_INTENT_NEGATIVES:
            self.counts[f"intent:{intent}"] = dict(sorted(Counter(labels).items()))
            return
        head = self._fit(f"intent:{intent}", rows[chosen], labels)
        if head is not None:
            self.intent_heads[intent] = head

    def _fit_reason(
        self, rows: sparse.csr_matrix, examples: Sequence[TrainingExample]
    ) -> None:
        chosen = [i for i, e in enumerate(examples) if e.reason is not None]
        labels = [str(examples[i].reason) for i in chosen]
        self.reason = self._fit("reason", rows[chosen], labels)

    def _fit(
        self, name: str, rows: sparse.csr_matrix, labels: list[str]
    ) -> LinearHead | None:
        counts = Counter(labels)
        if labels:
            self.counts[name] = dict(sorted(counts.items()))
        enough = [
            label for label, count in counts.items() if count >= MIN_CLASS_EXAMPLES
        ]
        if len(enough) < 2:
            return None
        keep = [i for i, label in enumerate(labels) if label in enough]
        rows, labels = rows[keep], [labels[i] for i in keep]
        # A column that is zero in every example gets weight 0 under the L2
        # penalty anyway, so fitting on the used columns only gives the same head,
        # many times faster.
        used = np.unique(rows.indices)
        width = rows.shape[1]
        rows = rows[:, used]
        # Imported here: scikit-learn is needed only to train, and importing it
        # adds most of a second to every command's start-up.
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold, cross_val_score

        estimator = LogisticRegression(C=HEAD_C, max_iter=2000, class_weight="balanced")
        smallest = min(Counter(labels).values())
        if smallest >= MIN_CV_EXAMPLES:
            folds = StratifiedKFold(min(5, smallest), shuffle=True, random_state=0)
            scoring = "f1" if len(enough) == 2 and "1" in enough else "f1_macro"
            if scoring == "f1":
                labels_for_cv: list[Any] = [int(label) for label in labels]
            else:
                labels_for_cv = labels
            scores = cross_val_score(
                estimator, rows, labels_for_cv, cv=folds, scoring=scoring
            )
            self.cross_validated_f1[name] = round(float(scores.mean()), 4)
        estimator.fit(rows, labels)
        fitted = LinearHead.from_sklearn(estimator)
        coef = np.zeros((len(fitted.coef), width), dtype=np.float32)
        coef[:, used] = fitted.coef
        return LinearHead(fitted.classes, coef, fitted.intercept)

    def summary(self) -> dict[str, Any]:
        """Return the classes, example counts and cross-validated F1 of each head."""
        heads: dict[str, Any] = {}
        named = {"sentiment": self.sentiment, "reason": self.reason}
        named.update({f"intent:{k}": v for k, v in self.intent_heads.items()})
        for name in sorted(set(self.counts) | {k for k, v in named.items() if v}):
            head = named.get(name)
            heads[name] = {
                "trained": head is not None,
                "classes": list(head.classes) if head is not None else [],
                "examples": self.counts.get(name, {}),
                "cross_validated_f1": self.cross_validated_f1.get(name),
            }
        return {
            "new_intents": list(self.intents),
            "corrected_posts": len(self.memory),
            "heads": heads,
        }

    @property
    def digest(self) -> str:
        """Hash of the serialised heads, which distinguishes two sets of heads."""
        return hashlib.sha256(self.to_bytes()).hexdigest()

    def to_bytes(self) -> bytes:
        """Serialise the heads as an ``.npz`` archive of numpy arrays."""
        arrays: dict[str, NDArray[Any]] = {}
        heads: dict[str, list[str]] = {}
        named = {"sentiment": self.sentiment, "reason": self.reason}
        named.update({f"intent:{k}": v for k, v in self.intent_heads.items()})
        for name, head in named.items():
            if head is None:
                continue
            heads[name] = list(head.classes)
            _store_sparse(arrays, name, head)
        metadata = {
            "format": FORMAT_VERSION,
            "intents": list(self.intents),
            "heads": heads,
            "memory": self.memory,
            "counts": self.counts,
            "cross_validated_f1": self.cross_validated_f1,
        }
        arrays["metadata"] = np.frombuffer(
            json.dumps(metadata, sort_keys=True).encode("utf-8"), dtype=np.uint8
        )
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **cast(dict[str, Any], arrays))
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "WorkspaceHeads":
        """Load heads written by ``to_bytes``. Raises HeadsFormatError for data that
        is not such an archive."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
                metadata = json.loads(bytes(arrays["metadata"]).decode("utf-8"))
                if metadata.get("format") != FORMAT_VERSION:
                    raise HeadsFormatError(
                        f"workspace heads format {metadata.get('format')!r} is not "
                        f"{FORMAT_VERSION}; retrain them with outpost triage train"
                    )
                loaded = {
                    name: _load_sparse(arrays, name, classes)
                    for name, classes in metadata["heads"].items()
                }
        except (ValueError, KeyError, OSError) as error:
            raise HeadsFormatError(
                f"cannot read workspace heads ({error}); retrain them with "
                "outpost triage train"
            ) from None
        return cls(
            intents=tuple(metadata["intents"]),
            intent_heads={
                name.removeprefix("intent:"): head
                for name, head in loaded.items()
                if name.startswith("intent:")
            },
            sentiment=loaded.get("sentiment"),
            reason=loaded.get("reason"),
            memory=metadata["memory"],
            counts=metadata["counts"],
            cross_validated_f1=metadata["cross_validated_f1"],
        )


def _check(examples: Sequence[TrainingExample], new_intents: tuple[str, ...]) -> None:
    clashing = [intent for intent in new_intents if intent in INTENTS]
    if clashing:
        raise ValueError(
            f"new intent {clashing[0]!r} is a standard intent; choose another name"
        )
    for example in examples:
        if example.sentiment is not None and example.sentiment not in SENTIMENTS:
            raise ValueError(
                f"invalid sentiment {example.sentiment!r}; use one of {SENTIMENTS}"
            )
        if example.urgency is not None and example.urgency not in URGENCIES:
            raise ValueError(
                f"invalid urgency {example.urgency!r}; use one of {URGENCIES}"
            )


def _memory_entry(example: TrainingExample) -> dict[str, Any]:
    return {
        "sentiment": example.sentiment,
        "intents": sorted(example.intents),
        "not_intents": sorted(example.not_intents),
        "urgency": example.urgency,
        "reason": example.reason,
    }


def _store_sparse(arrays: dict[str, NDArray[Any]], name: str, head: LinearHead) -> None:
    rows, columns = np.nonzero(head.coef)
    arrays[f"{name}.rows"] = rows.astype(np.int32)
    arrays[f"{name}.columns"] = columns.astype(np.int32)
    arrays[f"{name}.values"] = head.coef[rows, columns].astype(np.float32)
    arrays[f"{name}.shape"] = np.asarray(head.coef.shape, dtype=np.int64)
    arrays[f"{name}.intercept"] = head.intercept.astype(np.float32)


def _load_sparse(arrays: Any, name: str, classes: list[str]) -> LinearHead:
    coef = np.zeros(tuple(arrays[f"{name}.shape"]), dtype=np.float32)
    coef[arrays[f"{name}.rows"], arrays[f"{name}.columns"]] = arrays[f"{name}.values"]
    return LinearHead(tuple(classes), coef, np.asarray(arrays[f"{name}.intercept"]))
