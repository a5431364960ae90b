"""KPIs on Apache Spark (docs/SPEC.md §12): the §6 report of a DataFrame of
events, computed where the data lives and equal to :func:`relance.kpis`
over the same events in one process.

The events are repartitioned by lead (every event of a lead in one
partition); each partition's events go, as Arrow record batches
(``mapInArrow``), into an :class:`relance.EventLog`, whose
:class:`relance.Partial` for the options leaves the executor as bytes
(versioned, ending with a CRC-32C: a byte changed in transit is refused);
the partials are merged in a tree (``treeAggregate``) and the driver makes
the report.

What each partition sends (docs/SPEC.md §12): a partial weighs about 0.5 KB
(counts per status and funnel step of the workflow) plus 8 bytes per
completed stay, per lead with a first note and per won lead (the durations
of exact medians), the text of its warnings (one per event that does not
fit, such as a move from a status the lead is not in), a few counts per
agent and per day with ``groupBy``, and the text of its options. Other
events of the same leads (more notes) add nothing. The options include
``leads`` when given, for the SLA block: every partition's partial carries
them (10,000 leads of 70 bytes: 0.7 MB per partition). Pass them knowing
this, or compute the SLA block apart, in one call that reads no events:
``relance.kpis(workflow, [], {"now": ..., "leads": ...})["sla"]``.

Needs PySpark 4.3 or later (the version tested) with its Arrow support
(``pyspark[sql]``: pyarrow and pandas) on the driver and the executors, with
this package installed on both, and a classic session (the merge tree uses
the RDD API, which Spark Connect does not offer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Optional

import relance

from ._arrow import KEYS
from ._values import dumps

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    from pyspark.sql import DataFrame

    from .types import Definition, KpiOptions, Report

__all__ = ["kpis", "partial_bytes"]


def partial_bytes(
    df: DataFrame,
    workflow: Definition,
    options: Optional[KpiOptions] = None,
    *,
    partitions: Optional[int] = None,
    depth: int = 2,
) -> bytes:
    """The merged :class:`relance.Partial` of a DataFrame of events, as bytes
    (``relance.Partial.from_bytes(workflow, b)`` reads them back, to merge
    with the partial of other data or to report later).

    ``partitions`` is the number of partitions by lead (default: Spark's
    ``spark.sql.shuffle.partitions``); ``depth`` the depth of the merge
    tree. Raises :class:`relance.RelanceError` as :func:`relance.kpis` does
    (an executor's error reaches the driver inside Spark's own exception,
    whose text names the RelanceError)."""
    wf = workflow if isinstance(workflow, relance.Workflow) else relance.Workflow.from_json(workflow)
    # The options are checked here, on the driver, before any job runs.
    empty = relance.EventLog(wf).partial(options).to_bytes()
    options_json = dumps(options)
    columns = [c for c in df.columns if c in KEYS]
    if "lead" not in columns:
        # No lead column: every lead is absent, which the engine answers
        # (no events: the empty report; else its error for an event).
        from pyspark.sql.functions import lit

        df, columns = df.withColumn("lead", lit(None).cast("string")), columns + ["lead"]
    events = df.select(*columns)
    events = events.repartition(partitions, "lead") if partitions else events.repartition("lead")

    def partition_partial(batches: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        # On an executor: this partition's events (every event of its leads)
        # into one log, pushed as relance.kpis pushes, out as the bytes of
        # its partial report.
        import pyarrow as pa

        log = relance.EventLog(wf)
        for batch in batches:
            log._push(batch, options_json, True)
        data = log.partial(options).to_bytes()
        yield pa.RecordBatch.from_arrays([pa.array([data], pa.binary())], names=["partial"])

    def merge(a: Optional[bytes], b: Optional[bytes]) -> Optional[bytes]:
        if a is None:
            return b
        if b is None:
            return a
        return relance.Partial.from_bytes(wf, a).merge(relance.Partial.from_bytes(wf, b)).to_bytes()

    partials = events.mapInArrow(partition_partial, "partial binary").rdd.map(lambda row: bytes(row[0]))
    merged: Optional[bytes] = partials.treeAggregate(None, merge, merge, depth)
    return empty if merged is None else merged


def kpis(
    df: DataFrame,
    workflow: Definition,
    options: Optional[KpiOptions] = None,
    *,
    partitions: Optional[int] = None,
    depth: int = 2,
) -> Report:
    """The KPI report (docs/SPEC.md §6) of a Spark DataFrame of events whose
    columns are §6 keys (``lead``, ``at``, ``type``, ``actor``, ``from``,
    ``to``, ``status``, ``outcome``, ``text``; others are ignored; a null
    cell is an absent key; ``at`` as text, a zoned timestamp or epoch
    milliseconds): equal to ``relance.kpis(workflow, events, options)`` over
    the same events in one process.

    ``workflow`` is a :class:`relance.Workflow`, a definition dict or its
    JSON text; ``options`` are §6's (``{"from", "to", "now", "timezone",
    "groupBy", "leads", "unknownTypes"}``)."""
    wf = workflow if isinstance(workflow, relance.Workflow) else relance.Workflow.from_json(workflow)
    data = partial_bytes(df, wf, options, partitions=partitions, depth=depth)
    return relance.Partial.from_bytes(wf, data).report()
