"""Time matching the airline tweets against 1,000, 10,000 and 100,000 watch queries.

Usage: python benchmarks/match.py [--data PATH] [--sizes 1000,10000,100000]
       [--sample N] [--seed S]

The queries are generated from the words, hashtags and mentions of Tweets.csv:
airline names and handles, the words people write about them (bags, refunds,
crews), competitors and hashtags. They combine these with phrases, NEAR/n,
wildcards, NOT and the lang:, hashtag: and mention: fields. Some queries take
their words from one tweet, so they match something. The rest take their words
from the whole vocabulary, like the queries of other brands, and rarely match.

Every size runs in its own process, pinned to one core, once per engine:

- ``index``: QueryMatcher, the presearcher that the pipeline uses;
- ``one-by-one``: CompiledQuery.match of every query in turn, on a sample of
  posts because it is slow;
- ``perq``: the perq package (``pip install perq==0.2.1``). perq matches
  conjunctions of OR clauses of terms, so each query is translated: a wildcard
  becomes the OR of the corpus words it matches, a phrase and NEAR/n become the
  AND of their words, and NOT clauses are dropped. The translation is exact for
  queries without a phrase, NEAR/n or NOT, and matches more otherwise, so the
  run checks that perq finds the same queries as QueryMatcher on the exact ones
  and a superset on the others. perq gets the keys of our tokenizer as its
  document terms, so both start from the same text and the same normalisation.

Posts per second include tokenising each post and building its lookup tables.
``posts_per_second`` divides by the CPU time of the process (time.process_time),
which other processes on a shared machine disturb less than the wall clock, and
``posts_per_wall_second`` by the wall-clock time. Build seconds are CPU time too.
Peak memory is the maximum resident set size of the engine's process, which
also holds the tweets and the queries. Prints one JSON line per measurement.
"""

import argparse
import csv
import datetime
import gc
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from outpost.query import (
    And,
    Document,
    Field,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    QueryMatcher,
    Term,
    Wildcard,
    compile_query,
    format_query,
)
from outpost.query.rules import term_words, wildcard_pieces
from outpost.text import TokenKind, tokenize

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "airline-sentiment" / "Tweets.csv"
ENGINES = ("index", "one-by-one", "perq")
# Airlines in the data set and competitors named in it: handle and name.
AIRLINES = [
    ("united", "united"),
    ("usairways", "us airways"),
    ("americanair", "american airlines"),
    ("southwestair", "southwest"),
    ("jetblue", "jetblue"),
    ("virginamerica", "virgin america"),
    ("delta", "delta"),
    ("alaskaair", "alaska airlines"),
    ("spiritairlines", "spirit"),
    ("flyfrontier", "frontier"),
]
# Words too common in these tweets to name a topic.
STOP_TEXT = (
    "the and for you that this with have not are but was flight just can"
    " get your what they from our when all now out been has will about there"
    " would how why one had time any still need back help thanks thank"
    " please going again over only know even into why who did didn got today"
    " http https amp via than then them were their its it's i'm don't can't"
)
STOP_WORDS = frozenset(STOP_TEXT.split()) | {
    word for _, name in AIRLINES for word in name.split()
}
# Share of the queries whose words come from one tweet.
LIVE_SHARE = {1000: 1.0, 10000: 0.5, 100000: 0.08}


def load_posts(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return [
            {"text": row["text"], "author": row["name"]} for row in csv.DictReader(file)
        ]


def make_document(post: dict[str, str]) -> Document:
    return Document.from_text(
        post["text"], author=post["author"], language="en", source="twitter"
    )


class QueryGenerator:
    """Builds random watch queries from the words of the tweets."""

    def __init__(self, texts: list[str], seed: int) -> None:
        self.random = random.Random(seed)
        self.tweets: list[tuple[list[str], list[str]]] = []
        frequency: Counter[str] = Counter()
        hashtags: Counter[str] = Counter()
        for text in texts:
            tokens = tokenize(text)
            words = [t.norm for t in tokens if t.kind is TokenKind.WORD]
            content = list(dict.fromkeys(w for w in words if _is_content(w)))
            tags = [t.norm for t in tokens if t.kind is TokenKind.HASHTAG]
            frequency.update(set(content))
            hashtags.update(set(tags))
            self.tweets.append((content, tags))
        self.vocabulary = sorted(w for w, n in frequency.items() if n >= 2)
        self.hashtags = sorted(t for t, n in hashtags.items() if n >= 2)

    def queries(self, count: int, live_share: float) -> list[str]:
        found: dict[str, None] = {}
        while len(found) < count:
            live = self.random.random() < live_share
            words, tags = self._live_words() if live else self._random_words()
            found[format_query(self._build(words, tags))] = None
        return list(found)

    def _live_words(self) -> tuple[list[str], list[str]]:
        while True:
            words, tags = self.random.choice(self.tweets)
            if len(words) >= 3:
                return words, tags or self.random.sample(self.hashtags, 1)

    def _random_words(self) -> tuple[list[str], list[str]]:
        words = self.random.sample(self.vocabulary, 4)
        return words, self.random.sample(self.hashtags, 1)

    def _build(self, words: list[str], tags: list[str]) -> Node:
        choose = self.random.choice
        other_word = choose(self.vocabulary)
        start = self.random.randrange(len(words) - 1)
        first, second = words[start], words[start + 1]
        third = choose([w for w in words if w not in (first, second)] or [other_word])
        handle, name = choose(AIRLINES)
        brand = Or((Field("mention", handle), _words_node(name)))
        other = other_word
        templates: list[Callable[[], Node]] = [
            lambda: And((brand, Term(first), Term(second))),
            lambda: Phrase(f"{first} {second}"),
            lambda: And((Near(Term(first), Term(second), 4), Not(Term(other)))),
            lambda: And((_wildcard(first, self.random), Term(second))),
            lambda: And((Term(first), Or((Term(second), Term(third))), Not(brand))),
            lambda: Or((Field("hashtag", choose(tags)), And((Term(first), brand)))),
            lambda: And((Term(first), Term(third), Field("lang", "en"))),
            lambda: And((Phrase(f"{first} {second}"), Term(third))),
            lambda: Near(brand, Or((Term(first), Term(second))), 6, ordered=True),
        ]
        template = choose(templates)
        return template()


def _is_content(word: str) -> bool:
    return len(word) >= 3 and word.isalpha() and word not in STOP_WORDS


def _words_node(text: str) -> Node:
    return Phrase(text) if " " in text else Term(text)


def _wildcard(word: str, rng: random.Random) -> Node:
    if len(word) >= 6 and rng.random() < 0.3:
        return Wildcard(word[:3] + "?" + word[4:])
    return Prefix(word[: max(4, len(word) - 2)])


# perq translation ----------------------------------------------------------


class Untranslatable(Exception):
    """The query has no CNF form small enough for perq."""


class Vocabulary:
    """The words of the corpus, grouped by their first three characters."""

    def __init__(self, words: set[str]) -> None:
        self.by_prefix: dict[str, list[str]] = {}
        for word in sorted(words):
            self.by_prefix.setdefault(word[:3], []).append(word)

    def expand(self, node: Prefix | Wildcard) -> list[str]:
        """Return the words that ``node`` matches, as QueryMatcher tests them."""
        pattern = node.stem + "*" if isinstance(node, Prefix) else node.pattern
        pieces = wildcard_pieces(pattern)
        assert pieces is not None
        parts = []
        for piece in pieces:
            if piece == "?":
                parts.append(".")
            elif piece == "*":
                parts.append(".*")
            else:
                parts.append(re.escape(piece))
        regex = re.compile("".join(parts), re.DOTALL)
        candidates = self.by_prefix.get(pieces[0][:3], [])
        return [word for word in candidates if regex.fullmatch(word)]


def to_cnf(node: Node, vocabulary: Vocabulary) -> tuple[list[frozenset[str]], bool]:
    """Return perq clauses for ``node`` and whether they match exactly the same
    posts. Phrases and NEAR become AND, NOT is dropped, wildcards are expanded."""
    if isinstance(node, Term | Phrase):
        words = term_words(node.text)
        return [frozenset({w}) for w in words], len(words) == 1
    if isinstance(node, Prefix | Wildcard):
        # A wildcard that matches no word of the corpus matches no post, and a
        # term that no document has keeps that exact.
        matched = vocabulary.expand(node) or ["\x00none"]
        return [frozenset(matched)], True
    if isinstance(node, Field):
        sign = {"hashtag": "#", "mention": "@", "lang": "!"}[node.name]
        return [frozenset({sign + node.value.lower()})], True
    if isinstance(node, Not):
        return [], False
    if isinstance(node, Near):
        left, _ = to_cnf(node.left, vocabulary)
        right, _ = to_cnf(node.right, vocabulary)
        return left + right, False
    parts = [to_cnf(child, vocabulary) for child in node.children]
    exact = all(part[1] for part in parts)
    if isinstance(node, And):
        return [clause for part in parts for clause in part[0]], exact
    return _or_cnf([part[0] for part in parts]), exact


def _or_cnf(children: list[list[frozenset[str]]]) -> list[frozenset[str]]:
    result: list[frozenset[str]] = [frozenset()]
    for clauses in children:
        if not clauses:
            raise Untranslatable("an OR branch without positive terms")
        result = [a | b for a in result for b in clauses]
        if len(result) > 64:
            raise Untranslatable("too many clauses")
    return result


def perq_terms(document: Document) -> list[str]:
    index = document.index
    terms = list(index.words)
    terms += ["#" + name for name in index.hashtags]
    terms += ["@" + name for name in index.mentions]
    if index.language:
        terms.append("!" + index.language)
    return terms


# Runs ----------------------------------------------------------------------


class Timer:
    """Wall-clock and CPU seconds of a block. CPU time is what one core spent on
    this process, so it is less affected by other processes on the machine."""

    def __enter__(self) -> "Timer":
        self._wall = time.perf_counter()
        self._cpu = time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu

    def rates(self, count: int, digits: int | None = None) -> dict[str, float]:
        return {
            "posts_per_second": round(count / self.cpu, digits),
            "posts_per_wall_second": round(count / self.wall, digits),
        }


def peak_memory_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_engine(args: argparse.Namespace) -> dict[str, Any]:
    """Build one engine for one size and match the posts, in a child process."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    posts = load_posts(args.data)
    texts = [post["text"] for post in posts]
    generator = QueryGenerator(texts, args.seed)
    queries = generator.queries(args.size, LIVE_SHARE.get(args.size, 0.1))
    baseline = peak_memory_mib()
    engine = {"index": run_index, "one-by-one": run_one_by_one, "perq": run_perq}
    result = engine[args.engine](args, posts, queries, generator)
    result.update(
        engine=args.engine,
        queries=args.size,
        peak_memory_mib=round(peak_memory_mib()),
        memory_before_build_mib=round(baseline),
        # Other processes on the machine slow the run down; this shows how busy
        # it was over the last minute.
        load_average=round(os.getloadavg()[0], 2),
    )
    return result


def run_index(
    args: argparse.Namespace,
    posts: list[dict[str, str]],
    queries: list[str],
    generator: QueryGenerator,
) -> dict[str, Any]:
    gc.collect()
    with Timer() as build:
        matcher = QueryMatcher({i: compile_query(q) for i, q in enumerate(queries)})
    gc.freeze()
    matched = 0
    with Timer() as timer:
        for post in posts:
            matched += len(matcher.match(make_document(post)))
    with Timer() as tokenize_timer:
        for post in posts:
            make_document(post)
    return {
        "build_seconds": round(build.cpu, 2),
        "posts": len(posts),
        **timer.rates(len(posts)),
        "tokenize_posts_per_second": tokenize_timer.rates(len(posts))[
            "posts_per_second"
        ],
        "mean_matches_per_post": round(matched / len(posts), 2),
    }


def run_one_by_one(
    args: argparse.Namespace,
    posts: list[dict[str, str]],
    queries: list[str],
    generator: QueryGenerator,
) -> dict[str, Any]:
    with Timer() as build:
        compiled = [compile_query(q) for q in queries]
    sample = random.Random(args.seed).sample(posts, min(args.sample, len(posts)))
    sample_size = max(1, len(sample) * 1000 // len(queries))
    sample = sample[:sample_size]
    matched = 0
    with Timer() as timer:
        for post in sample:
            document = make_document(post)
            matched += sum(query.match(document) is not None for query in compiled)
    return {
        "build_seconds": round(build.cpu, 2),
        "posts": len(sample),
        **timer.rates(len(sample), 1),
        "mean_matches_per_post": round(matched / len(sample), 2),
    }


def run_perq(
    args: argparse.Namespace,
    posts: list[dict[str, str]],
    queries: list[str],
    generator: QueryGenerator,
) -> dict[str, Any]:
    import perq

    vocabulary = _corpus_words(posts)
    translated = []
    exact: set[int] = set()
    skipped = set()
    for number, text in enumerate(queries):
        try:
            clauses, is_exact = to_cnf(compile_query(text).node, vocabulary)
        except Untranslatable:
            skipped.add(number)
            continue
        translated.append(perq.Query(number, [sorted(c) for c in clauses]))
        if is_exact:
            exact.add(number)
    store = perq.MemoryStore()  # type: ignore[no-untyped-call]
    with Timer() as build:
        perq.index(translated, store)
        matcher = perq.QueryMatcher(store)
    gc.collect()
    gc.freeze()
    found = []
    with Timer() as timer:
        for post in posts:
            terms = perq_terms(make_document(post))
            document = perq.Document(terms)  # type: ignore[no-untyped-call]
            found.append(set(matcher.matches(document)))
    check = _compare_with_index(posts, queries, found, exact, skipped, args.check_posts)
    return {
        "build_seconds": round(build.cpu, 2),
        "posts": len(posts),
        **timer.rates(len(posts)),
        "mean_matches_per_post": round(sum(map(len, found)) / len(posts), 2),
        "exact_queries": len(exact),
        "untranslated_queries": len(skipped),
        **check,
    }


def _corpus_words(posts: list[dict[str, str]]) -> Vocabulary:
    words: set[str] = set()
    for post in posts:
        words.update(make_document(post).index.words)
    return Vocabulary(words)


def _compare_with_index(
    posts: list[dict[str, str]],
    queries: list[str],
    found: list[set[int]],
    exact: set[int],
    skipped: set[int],
    limit: int,
) -> dict[str, Any]:
    """Compare perq's matches with QueryMatcher's on the first ``limit`` posts:
    equal on the exact translations, a superset on the others."""
    matcher = QueryMatcher({i: compile_query(q) for i, q in enumerate(queries)})
    differences = 0
    for post, perq_found in zip(posts[:limit], found, strict=False):
        ours = {key for key, _ in matcher.match(make_document(post))} - skipped
        same_exact = ours & exact == perq_found & exact
        if not (same_exact and ours <= perq_found):
            differences += 1
    return {"checked_posts": min(limit, len(posts)), "posts_differing": differences}


def machine() -> dict[str, str]:
    model = platform.processor()
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True)
        found = re.search(r"Model name:\s*(.+)", lscpu.stdout)
        model = found.group(1).strip() if found else model
    except (OSError, subprocess.CalledProcessError):
        pass
    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "date": datetime.date.today().isoformat(),
    }


def child_runs(args: argparse.Namespace) -> Iterator[dict[str, Any]]:
    for size in args.sizes:
        for engine in args.engines:
            command = [
                sys.executable,
                __file__,
                "--child",
                engine,
                "--size",
                str(size),
                "--data",
                str(args.data),
                "--sample",
                str(args.sample),
                "--seed",
                str(args.seed),
                "--check-posts",
                str(args.check_posts),
            ]
            output = subprocess.run(
                command, stdout=subprocess.PIPE, text=True, check=True
            )
            yield json.loads(output.stdout)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(size) for size in text.split(",")],
        default=[1000, 10000, 100000],
        help="comma-separated numbers of queries",
    )
    parser.add_argument(
        "--engines",
        type=lambda text: text.split(","),
        default=list(ENGINES),
        help="comma-separated engines: " + ", ".join(ENGINES),
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=2000,
        help="posts for one-by-one at 1,000 queries; scaled down for more queries",
    )
    parser.add_argument(
        "--check-posts",
        type=int,
        default=2000,
        help="posts on which perq's matches are compared with QueryMatcher's",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.child:
        args.engine = args.child
        print(json.dumps(run_engine(args)))
        return
    print(json.dumps({"machine": machine(), "data": str(args.data)}), flush=True)
    for result in child_runs(args):
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
