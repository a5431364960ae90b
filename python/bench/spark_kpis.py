"""KPIs on Spark: events per second of relance.spark.kpis over 2 million
events (read from Parquet, partitioned by lead into 1, 2 and 4 partitions,
on a local[2] session), against relance.kpis over the same events in this
process; and the size of a partial report (docs/SPEC.md §12), per lead and
per completed stay.

    .venv/bin/python python/bench/spark_kpis.py [--events 2000000] [--rounds 2]

Needs the package installed in the environment (scripts/test.sh installs the
wheel into .venv) and Java. Figures are medians of `--rounds` timed runs
after one warm-up run; the machine's other load counts, so run it alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import numpy as np
import pyarrow as pa
import pyarrow.compute  # noqa: F401 (pa.compute)
import pyarrow.parquet as pq

import relance
import relance.spark

# A lead's path through seed 000's pipeline ("relance" preset): created,
# then three moves and four notes. The paths cover every status.
PATHS = [
    ["new", "contacted", "qualified", "proposal"],
    ["new", "contacted", "relance", "closed_lost"],
    ["new", "contacted", "qualified", "closed_won"],
    ["new", "relance", "contacted", "negotiation"],
]
PER_LEAD = 8  # created, 3 moves, 4 notes
TYPES = ["created", "note", "status", "note", "status", "note", "status", "note"]
OUTCOMES = ["positive", "negative", "partial", "unclassified"]
START_MS = 1_793_000_000_000


def events(n_events: int, seed: int = 1) -> pa.Table:
    """`n_events` events (a multiple of 8) of n_events / 8 leads, as Arrow
    columns: zoned millisecond timestamps, strings for the rest."""
    rng = np.random.default_rng(seed)
    leads = n_events // PER_LEAD
    n = leads * PER_LEAD
    lead_ids = np.char.add("L", np.arange(leads).astype(str))
    lead = np.repeat(lead_ids, PER_LEAD)
    start = START_MS + rng.integers(0, 90 * 86_400_000, leads)
    steps = rng.integers(60_000, 5 * 86_400_000, (leads, PER_LEAD))
    steps[:, 0] = 0
    at = (start[:, None] + np.cumsum(steps, axis=1)).reshape(n)
    kind = np.tile(np.array(TYPES), leads)
    path = np.array(PATHS)[rng.integers(0, len(PATHS), leads)]  # leads × 4 statuses
    froms = np.full((leads, PER_LEAD), None, dtype=object)
    tos = np.full((leads, PER_LEAD), None, dtype=object)
    for j, col in enumerate((2, 4, 6)):
        froms[:, col] = path[:, j]
        tos[:, col] = path[:, j + 1]
    outcome = np.full((leads, PER_LEAD), None, dtype=object)
    notes = [1, 3, 5, 7]
    outcome[:, notes] = np.array(OUTCOMES, dtype=object)[rng.integers(0, 4, (leads, len(notes)))]
    actor = np.char.add("agent", rng.integers(0, 50, n).astype(str))
    return pa.table(
        {
            "lead": pa.array(lead, pa.string()),
            "at": pa.array(at, pa.int64()).cast(pa.timestamp("ms", "UTC")),
            "type": pa.array(kind, pa.string()),
            "actor": pa.array(actor, pa.string()),
            "from": pa.array(froms.reshape(n), pa.string()),
            "to": pa.array(tos.reshape(n), pa.string()),
            "outcome": pa.array(outcome.reshape(n), pa.string()),
        }
    )


def timed(f: Callable[[], Any], rounds: int) -> float:
    f()  # warm-up: JVM code, Python workers, caches
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=2_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    wf = relance.Workflow.preset("relance")
    table = events(args.events)
    n = len(table)
    leads = n // PER_LEAD
    print(f"{n:,} events of {leads:,} leads (preset relance)")

    # The partial report's size.
    for options in ({}, {"groupBy": ["agent", "day"]}):
        log = relance.EventLog(wf).push(table)
        report = log.report(options)
        size = len(log.partial(options).to_bytes())
        empty = len(relance.EventLog(wf).partial(options).to_bytes())
        stays = sum(s["timeInStatus"]["count"] for s in report["statuses"].values())
        durations = stays + report["notes"]["timeToFirstNote"]["count"] + report["closing"]["cycleTime"]["count"]
        print(
            f"partial, options {options}: {size:,} bytes for {leads:,} leads and {stays:,} completed stays "
            f"({n:,} events, log {len(log.to_bytes()):,} bytes): {size / leads:.1f} bytes per lead, "
            f"{size / stays:.1f} per completed stay; {durations:,} durations × 8 bytes = "
            f"{durations * 8 / size:.0%} of it; {empty:,} bytes with no lead"
        )

    # More notes of the same leads (each logged twice more): the same size,
    # as a partial keeps one duration per lead's first note, not per note
    # (a completed stay, a won lead or a warning adds to it: not these).
    notes = table.filter(pa.compute.equal(table["type"], "note"))
    more = pa.concat_tables([table, notes, notes])
    size_more = len(relance.EventLog(wf).push(more).partial({}).to_bytes())
    size = len(relance.EventLog(wf).push(table).partial({}).to_bytes())
    print(f"the same leads with {len(more):,} events (each note three times): {size_more:,} bytes (was {size:,})")

    # One process, from the Arrow table in memory.
    one = timed(lambda: relance.kpis(wf, table), args.rounds)
    print(f"relance.kpis, one process, Arrow table: {n / one:,.0f} events/s ({one:.2f} s)")
    want = relance.kpis(wf, table)

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("relance-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # Loopback only: the driver never listens on another address.
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "events.parquet")
        pq.write_table(table, path, row_group_size=250_000)
        df = spark.read.parquet(path)
        print(f"Spark {spark.version}, local[2], {os.cpu_count()} cores; events read from Parquet each run")
        results: Dict[int, float] = {}
        for p in (1, 2, 4):
            got: List[Any] = []
            t = timed(lambda: got.append(relance.spark.kpis(df, wf, partitions=p)), args.rounds)
            assert got[-1] == want, "the Spark report differs from the one-process report"
            results[p] = t
            print(f"relance.spark.kpis, {p} partition(s): {n / t:,.0f} events/s ({t:.2f} s)")
    spark.stop()


if __name__ == "__main__":
    main()
