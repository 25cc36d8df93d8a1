"""Summarise a py-spy raw profile of the server's event-loop thread (bench.read_bench --profile).

    python -m bench.profile_summary PROFILE.txt [--top 25]

py-spy's raw format is one collapsed stack per line with its sample count. Only MainThread (the
event loop) is counted; `--idle` samples where the loop waits for I/O or for a worker thread
(aiosqlite's) are "idle". Prints (1) where the loop's samples go, each sample charged to the
innermost frame that matches a category, and (2) the functions present in the most samples
(inclusive %), so that a cost can be traced to a function name.
"""

import argparse
import re
from collections import Counter

# (category, frame pattern): a sample goes to the category of its innermost matching frame.
CATEGORIES = [
    ("aiosqlite / psycopg driver calls", r"aiosqlite|\(psycopg/|dialects/postgresql/psycopg"),
    (
        "SQLAlchemy statement compile/cache key",
        r"sqlalchemy/sql/(compiler|cache_key|traversals|"
        r"visitors|elements|selectable|annotation|base)\.py",
    ),
    (
        "SQLAlchemy rows and ORM loading",
        r"sqlalchemy/(orm/loading|engine/result|engine/row|"
        r"engine/cursor|orm/context|orm/query)",
    ),
    (
        "SQLAlchemy session, transaction, pool",
        r"sqlalchemy/(orm/session|orm/state_changes|"
        r"engine/base|engine/default|pool/|ext/asyncio|util/_concurrency)",
    ),
    ("SQLAlchemy other", r"sqlalchemy/"),
    ("pydantic validation/serialisation", r"pydantic"),
    ("FastAPI (dependencies, params, response)", r"fastapi/"),
    ("Starlette (routing, middleware, responses)", r"starlette/"),
    ("uvicorn / httptools", r"uvicorn/|httptools"),
    ("Podium code (app/)", r"\(app/"),
    ("asyncio / uvloop machinery", r"asyncio/|uvloop"),
]
IDLE_LEAF = re.compile(r"^(run|run_forever|run_until_complete|asyncio_run|Server\.serve|"
                       r"Runner\.run|Server\.run|main) \(")  # fmt: skip


# A worker thread's sample is idle when it waits for work (aiosqlite's queue get) or a lock.
WORKER_IDLE = re.compile(
    r"aiosqlite/core\.py:59\)$|(^|\.)(wait|get|_wait_for_tstate_lock|acquire|select|sleep) \("
)


def parse(path: str, main: bool = True) -> list[tuple[list[str], int]]:
    """(frames, count) of the event-loop thread's samples, or of every other thread's."""
    samples = []
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            frames = stack.split(";")
            if len(frames) < 2 or ("MainThread" in frames[0]) != main:
                continue
            samples.append((frames[1:], int(count)))
    return samples


def workers_busy(path: str) -> int:
    """Samples in which a thread other than the event loop was doing work (in SQLite, for
    aiosqlite's threads: the statement itself runs there, outside the GIL)."""
    return sum(c for frames, c in parse(path, main=False) if not WORKER_IDLE.search(frames[-1]))


def summarise(path: str, top: int = 25) -> str:
    samples = parse(path)
    total = sum(count for _, count in samples) or 1
    categories: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    compiled = [(name, re.compile(pattern)) for name, pattern in CATEGORIES]
    for frames, count in samples:
        names = {re.sub(r":\d+\)$", ")", frame) for frame in frames}
        for name in names:
            inclusive[name] += count
        leaf = frames[-1]
        leaves[re.sub(r":\d+\)$", ")", leaf)] += count
        if IDLE_LEAF.match(leaf):
            categories["idle (loop waiting: I/O, worker threads)"] += count
            continue
        for frame in reversed(frames):
            found = next((name for name, pattern in compiled if pattern.search(frame)), None)
            if found:
                categories[found] += count
                break
        else:
            categories["other"] += count
    busy = workers_busy(path)
    lines = [
        f"{path}: {total} event-loop samples; other threads busy in {busy} samples "
        f"({busy / total:.2f} threads on average)",
        "",
        "where the event loop's samples go:",
    ]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in categories.most_common()]
    lines += ["", f"functions in the most samples (inclusive %, top {top}):"]
    skip = re.compile(r"^(_run_module_as_main|_run_code|<module>|Command\.|Context\.invoke|main "
                      r"|run \(|asyncio_run|Runner\.|Server\.|Handle\._run)")  # fmt: skip
    shown = [(n, c) for n, c in inclusive.most_common() if not skip.match(n)][:top]
    lines += [f"  {100 * c / total:5.1f}%  {name}" for name, c in shown]
    lines += ["", "innermost frames (self %, top 12):"]
    lines += [f"  {100 * c / total:5.1f}%  {name}" for name, c in leaves.most_common(12)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("profiles", nargs="+")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    for path in args.profiles:
        print(summarise(path, args.top), end="\n\n")


if __name__ == "__main__":
    main()
