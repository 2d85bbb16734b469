"""Match NEAR/n and ONEAR/n between the positions of their two sides.

A side's matches are kept as a sorted list of distinct intervals (first word
position). Two sides combine in one pass over sorted lists. An interval pairs
only with the other side's intervals whose facing end lies in a window of n + 1
words next to it. Pairs that give the same combined interval are kept once, so
a chain of NEARs does not multiply its matches.

Spans are found in a second pass from the root down. A node is given the set of
its intervals that take part in a match of the whole query, and it marks the
intervals of its sides that produce one of them, down to the terms. So a span is
reported exactly when its occurrence takes part in at least one match.
"""

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable

from outpost.query.document import Occurrence, Span

# First and last word position of one match of a positional node.
Interval = tuple[int, int]

# Max distinct intervals that one NEAR node collects for one post. As a measure,
# "pump leak gasket hose" repeated over 20,000 characters gives 176,000 in the
# middle NEAR of "pump NEAR/100 leak* NEAR/100 gasket* NEAR/100 hose*", and
# 100,000 characters of it exceed the bound.
# NOTE: past this bound a NEAR keeps only its first MAX_NEAR_INTERVALS intervals
# in text order (by first, then last position), so a match that needs a later
# one is missed and its spans are not reported. The bound is per node, so a long
# chain still costs time in proportion to its length times this bound.
MAX_NEAR_INTERVALS = 500_000


class Positions:
    """The matches of a positional node in one document."""

    __slots__ = ("_intervals",)

    def __init__(self, intervals: list[Interval] | None) -> None:
        self._intervals = intervals

    @property
    def intervals(self) -> list[Interval]:
        """The matches, sorted by first, then last position, each once."""
        assert self._intervals is not None
        return self._intervals

    def spans(self, chosen: set[Interval]) -> list[Span]:
        """Return the spans of the terms that make up the ``chosen`` intervals.

        ``chosen`` may contain intervals of other nodes, which are ignored.
        """
        raise NotImplementedError


class TermPositions(Positions):
    """The occurrences of a term, phrase, wildcard or field."""

    __slots__ = ("_spans",)

    def __init__(self, occurrences: Iterable[Occurrence]) -> None:
        spans: defaultdict[Interval, list[Span]] = defaultdict(list)
        for first, last, start, end in occurrences:
            spans[(first, last)].append((start, end))
        super().__init__(sorted(spans))
        self._spans = spans

    def spans(self, chosen: set[Interval]) -> list[Span]:
        return [
            span
            for interval in chosen
            if interval in self._spans
            for span in self._spans[interval]
        ]


class EitherPositions(Positions):
    """The matches of an OR group: those of each of its children."""

    __slots__ = ("_children",)

    def __init__(self, children: list[Positions]) -> None:
        merged = {interval for child in children for interval in child.intervals}
        super().__init__(sorted(merged))
        self._children = children

    def spans(self, chosen: set[Interval]) -> list[Span]:
        return [span for child in self._children for span in child.spans(chosen)]


class NearPositions(Positions):
    """The matches of ``left NEAR/distance right``, or of ONEAR when ``ordered``."""

    __slots__ = (
        "_by_end",
        "_by_start",
        "_left",
        "_left_ends",
        "_left_starts",
        "_limit",
        "_ordered",
        "_right",
    )

    def __init__(
        self, left: Positions, right: Positions, distance: int, ordered: bool
    ) -> None:
        self._left = left
        self._right = right
        # The facing ends of a pair are at most distance + 1 positions apart.
        self._limit = distance + 1
        self._ordered = ordered
        self._by_start = _Sorted(right.intervals, by_end=False)
        self._by_end = _Sorted(right.intervals, by_end=True)
        self._left_starts = sorted(interval[0] for interval in left.intervals)
        self._left_ends = sorted(interval[1] for interval in left.intervals)
        # Computed when first needed, because the root NEAR of a query only
        # needs to know which intervals of its sides pair up.
        super().__init__(None)

    @property
    def intervals(self) -> list[Interval]:
        if self._intervals is None:
            found = self._combine_after()
            if not self._ordered:
                found.update(self._combine_before())
            self._intervals = sorted(found)[:MAX_NEAR_INTERVALS]
        return self._intervals

    def matches(self) -> bool:
        """Return whether any interval of the left side pairs with one of the right."""
        return any(self._pairs_left(interval) for interval in self._left.intervals)

    def all_spans(self) -> list[Span]:
        """Return the spans of every match, like ``spans`` of every interval but
        without building the intervals."""
        left = {i for i in self._left.intervals if self._pairs_left(i)}
        right = {i for i in self._right.intervals if self._pairs_right(i)}
        return self._left.spans(left) + self._right.spans(right)

    def _pairs_left(self, interval: Interval) -> bool:
        first, last = interval
        if self._by_start.any_between(last + 1, last + self._limit):
            return True
        if self._ordered:
            return False
        return self._by_end.any_between(first - self._limit, first - 1)

    def _pairs_right(self, interval: Interval) -> bool:
        """Return whether a left interval pairs with the right ``interval``."""
        first, last = interval
        if _any_between(self._left_ends, first - self._limit, first - 1):
            return True
        if self._ordered:
            return False
        return _any_between(self._left_starts, last + 1, last + self._limit)

    def _combine_after(self) -> set[Interval]:
        """Return the intervals of the pairs whose right side comes second."""
        found: set[Interval] = set()
        for first, lasts in _group(self._left.intervals, by_end=False):
            ends = set()
            for low, high in _windows(lasts, 1, self._limit):
                ends.update(self._by_start.others_between(low, high))
            found.update((first, last) for last in ends)
            if len(found) > MAX_NEAR_INTERVALS:
                break  # the starts come in order, so later ones are cut anyway
        return found

    def _combine_before(self) -> set[Interval]:
        """Return the intervals of the pairs whose right side comes first."""
        found: set[Interval] = set()
        for last, firsts in _group(self._left.intervals, by_end=True):
            starts = set()
            for low, high in _windows(firsts, -self._limit, -1):
                starts.update(self._by_end.others_between(low, high))
            found.update((first, last) for first in starts)
        return found

    def spans(self, chosen: set[Interval]) -> list[Span]:
        left_chosen: set[Interval] = set()
        right_chosen: set[Interval] = set()
        self._choose_after(chosen, left_chosen, right_chosen)
        if not self._ordered:
            self._choose_before(chosen, left_chosen, right_chosen)
        return self._left.spans(left_chosen) + self._right.spans(right_chosen)

    def _choose_after(
        self, chosen: set[Interval], left: set[Interval], right: set[Interval]
    ) -> None:
        """Add to ``left`` and ``right`` the sides of the chosen intervals whose
        right side comes second."""
        chosen_by_first = _group_set(chosen, by_end=False)
        for first, lasts in _group(self._left.intervals, by_end=False):
            chosen_lasts = chosen_by_first.get(first)
            if not chosen_lasts:
                continue
            used: list[Interval] = []
            for low, high in _windows(lasts, 1, self._limit):
                used += self._by_start.between(low, high, chosen_lasts)
            right.update(used)
            used_starts = sorted(interval[0] for interval in used)
            for last in lasts:
                if _any_between(used_starts, last + 1, last + self._limit):
                    left.add((first, last))

    def _choose_before(
        self, chosen: set[Interval], left: set[Interval], right: set[Interval]
    ) -> None:
        """Add to ``left`` and ``right`` the sides of the chosen intervals whose
        right side comes first."""
        chosen_by_last = _group_set(chosen, by_end=True)
        for last, firsts in _group(self._left.intervals, by_end=True):
            chosen_firsts = chosen_by_last.get(last)
            if not chosen_firsts:
                continue
            used: list[Interval] = []
            for low, high in _windows(firsts, -self._limit, -1):
                used += self._by_end.between(low, high, chosen_firsts)
            right.update(used)
            used_ends = sorted(interval[1] for interval in used)
            for first in firsts:
                if _any_between(used_ends, first - self._limit, first - 1):
                    left.add((first, last))


class _Sorted:
    """Intervals sorted by one end, to find those whose end lies in a range.

    ``by_end`` False sorts by first position and yields last positions, True
    sorts by last position and yields first positions.
    """

    __slots__ = ("_intervals", "_keys", "_others")

    def __init__(self, intervals: list[Interval], by_end: bool) -> None:
        key = 1 if by_end else 0
        self._intervals = sorted(intervals, key=lambda interval: interval[key])
        self._keys = [interval[key] for interval in self._intervals]
        self._others = [interval[1 - key] for interval in self._intervals]

    def _slice(self, low: int, high: int) -> slice:
        return slice(bisect_left(self._keys, low), bisect_right(self._keys, high))

    def any_between(self, low: int, high: int) -> bool:
        """Return whether an interval's end is in low..high."""
        return _any_between(self._keys, low, high)

    def others_between(self, low: int, high: int) -> list[int]:
        """Return the other ends of the intervals whose end is in low..high."""
        return self._others[self._slice(low, high)]

    def between(self, low: int, high: int, others: set[int]) -> list[Interval]:
        """Return the intervals whose end is in low..high and whose other end is
        in ``others``."""
        part = self._slice(low, high)
        return [
            interval
            for interval, other in zip(
                self._intervals[part], self._others[part], strict=True
            )
            if other in others
        ]


def _group(intervals: list[Interval], by_end: bool) -> list[tuple[int, list[int]]]:
    """Group intervals by one end: (that end, the sorted other ends), in order."""
    groups: defaultdict[int, list[int]] = defaultdict(list)
    for first, last in intervals:
        if by_end:
            groups[last].append(first)
        else:
            groups[first].append(last)
    return [(key, sorted(others)) for key, others in sorted(groups.items())]


def _group_set(intervals: Iterable[Interval], by_end: bool) -> dict[int, set[int]]:
    groups: defaultdict[int, set[int]] = defaultdict(set)
    for first, last in intervals:
        if by_end:
            groups[last].add(first)
        else:
            groups[first].add(last)
    return groups


def _windows(points: list[int], low: int, high: int) -> list[tuple[int, int]]:
    """Return the ranges point + low .. point + high of the sorted ``points``,
    with overlapping and touching ranges merged, in order."""
    merged: list[tuple[int, int]] = []
    for point in points:
        start, end = point + low, point + high
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _any_between(values: list[int], low: int, high: int) -> bool:
    """Return whether the sorted ``values`` contain one in low..high."""
    index = bisect_left(values, low)
    return index < len(values) and values[index] <= high
