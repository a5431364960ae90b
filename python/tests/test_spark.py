"""relance.spark.kpis on a local Spark session (local[2], the system's Java
17, PySpark from python/requirements-dev.txt): the report of a DataFrame of
events, partitioned by lead into 2, 3 and 8 partitions with its rows in
random order, equals relance.kpis over the same events in one process,
every figure of docs/SPEC.md §6 included. One session serves every test."""

from __future__ import annotations

import os
import random
import sys
from typing import Any, Dict, Iterator, List

import pyarrow as pa
import pytest
from support import START_MS, canonical, iso, options_variants, random_events

import relance
import relance.spark

KEYS = ["lead", "at", "type", "actor", "from", "to", "status", "outcome", "text"]
WF = relance.Workflow.preset("onelead")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("relance-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # Loopback only: the driver never listens on another address.
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def events_of(seed: int, leads: int) -> List[Dict[str, Any]]:
    rng = random.Random(seed)
    events = random_events(rng, [s["id"] for s in WF.statuses()] + ["gone"], leads, unknown=True)
    for e in events:
        e["lead"] = str(e["lead"])
    rng.shuffle(events)
    return events


def ms(text: str) -> int:
    import datetime

    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def arrow_of(events: List[Dict[str, Any]], at: str) -> pa.Table:
    columns = {k: pa.array([e.get(k) for e in events], pa.string()) for k in KEYS}
    if at == "timestamp":
        columns["at"] = pa.array([ms(e["at"]) for e in events], pa.int64()).cast(pa.timestamp("ms", "UTC"))
    elif at == "millis":
        columns["at"] = pa.array([ms(e["at"]) for e in events], pa.int64())
    return pa.table(columns)


def every_figure() -> Dict[str, Any]:
    """Options under which the report has every figure: a window, every
    group in a time zone, the SLA block, skipped types."""
    sla = options_variants(WF)[3]
    return {
        "from": iso(START_MS + 5 * 86_400_000),
        "to": iso(START_MS + 50 * 86_400_000),
        "now": sla["now"],
        "leads": sla["leads"],
        "groupBy": ["agent", "hour", "weekday", "day"],
        "timezone": "Europe/Paris",
        "unknownTypes": "skip",
    }


@pytest.mark.parametrize(("partitions", "at"), [(2, "text"), (3, "timestamp"), (8, "millis")])
def test_spark_equals_one_pass(spark: Any, partitions: int, at: str) -> None:
    events = events_of(partitions, leads=400)
    df = spark.createDataFrame(arrow_of(events, at))
    options = every_figure()
    one_pass = relance.kpis(WF, events, options)
    assert one_pass["sla"] and one_pass["byAgent"] and one_pass["warnings"]  # the options exercise every figure
    report = relance.spark.kpis(df, WF, options, partitions=partitions)
    assert canonical(report) == canonical(one_pass)


def test_spark_default_partitions_and_no_options(spark: Any) -> None:
    events = [e for e in events_of(5, leads=120) if e["type"] in ("created", "status", "note")]
    df = spark.createDataFrame(arrow_of(events, "text")).select("at", "lead", "type", "from", "to", "outcome", "text")
    report = relance.spark.kpis(df, relance.preset_json("onelead"))
    assert canonical(report) == canonical(relance.kpis(WF, [{k: e[k] for k in e if k not in ("actor", "status")} for e in events]))


def test_spark_errors(spark: Any) -> None:
    df = spark.createDataFrame(arrow_of(events_of(6, leads=20), "text"))
    with pytest.raises(relance.RelanceError) as e:
        relance.spark.kpis(df, WF, {"groupby": ["agent"]})  # checked on the driver, before a job
    assert (e.value.code, e.value.details[0]["code"]) == ("invalid_input", "unknown_key")
    # No lead column: every event's lead is absent, the engine's error.
    with pytest.raises(Exception, match=r'RelanceError: invalid_input: /\d+/lead: an event needs "lead"'):
        relance.spark.kpis(df.drop("lead"), WF)
    # An event the engine refuses fails the job with the RelanceError's text.
    with pytest.raises(Exception, match="RelanceError.*invalid_input"):
        relance.spark.kpis(df, WF)  # events of other types, without unknownTypes: "skip"


def test_spark_without_events_is_the_report_of_no_events(spark: Any) -> None:
    options = {**every_figure(), "groupBy": ["agent"]}
    want = canonical(relance.kpis(WF, [], options))
    for columns in ("lead string, at string, type string", "at string, type string"):
        df = spark.createDataFrame([], columns)
        assert canonical(relance.spark.kpis(df, WF, options, partitions=2)) == want, columns
