"""Events as Arrow (docs/SPEC.md §12): any §6 key as a column, a null cell
an absent key, every column possibly strings, `at` also as zoned
timestamps or int64 epoch milliseconds. Every encoding gives the report
(or the error) of the same events as a list of dicts, and the common ones
take the columnar path (no Python object per event)."""

from __future__ import annotations

import datetime
import json
import random
from typing import Any, Dict, List, Optional

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from support import canonical, options_variants, random_events

import relance
from relance import _arrow

KEYS = ["lead", "at", "type", "actor", "from", "to", "status", "outcome", "text"]
WF = relance.Workflow.preset("onelead")
STATUSES = [s["id"] for s in WF.statuses()]


def events_of(seed: int, leads: int = 60, unknown: bool = False) -> List[Dict[str, Any]]:
    events = random_events(random.Random(seed), STATUSES, leads, unknown)
    for e in events:
        e["lead"] = str(e["lead"])
    return events


def table(events: List[Dict[str, Any]], **types: pa.DataType) -> pa.Table:
    columns = {k: [e.get(k) for e in events] for k in KEYS}
    return pa.table({k: pa.array(v, types.get(k, pa.string())) for k, v in columns.items()})


def ms(text: str) -> int:
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def fast(data: Any) -> bool:
    return _arrow.Batch(data).columns is not None


def same(events: List[Dict[str, Any]], data: Any, options: Optional[Dict[str, Any]] = None) -> None:
    assert canonical(relance.kpis(WF, data, options)) == canonical(relance.kpis(WF, events, options))


def outcome(f: Any) -> Any:
    try:
        return f()
    except relance.RelanceError as e:
        return {"code": e.code, "details": e.details}


@pytest.mark.parametrize("seed", range(4))
def test_strings_give_the_report_of_the_same_dicts(seed: int) -> None:
    events = events_of(seed, unknown=seed % 2 == 1)
    t = table(events)
    assert fast(t)
    for options in options_variants(WF):
        if seed % 2:
            options = {**options, "unknownTypes": "skip"}
        same(events, t, options)
        log = relance.EventLog(WF)
        for batch in t.to_batches(max_chunksize=17):
            log.push(batch, {"unknownTypes": "skip"} if seed % 2 else None)
        assert canonical(log.report(options)) == canonical(relance.kpis(WF, events, options))


def test_every_string_layout_takes_the_columnar_path() -> None:
    events = events_of(10)
    t = table(events)
    layouts = {
        "large_string": t.cast(pa.schema([(k, pa.large_string()) for k in KEYS])),
        "string_view": t.cast(pa.schema([(k, pa.string_view()) for k in KEYS])),
        "dictionary": pa.table({k: pc.dictionary_encode(t[k]) for k in KEYS}),
        "chunked": pa.concat_tables([t.slice(0, 50), t.slice(50)]),
        "record batch": t.combine_chunks().to_batches()[0],
        "sliced": pa.concat_tables([t, t]).slice(len(t), len(t)),
        "extra columns, another order": t.select(KEYS[::-1]).append_column("channel", pa.array(["call"] * len(t))),
    }
    for name, data in layouts.items():
        assert fast(data), name
        same(events, data)


def test_lead_ids_as_integers() -> None:
    events = events_of(11)
    for e in events:
        e["lead"] = int(e["lead"][1:]) if e["lead"].startswith("L") else int(e["lead"])
    for t in (table(events, lead=pa.int64()), table(events, lead=pa.int32()), table(events, lead=pa.uint64())):
        assert fast(t)
        same(events, t)
    # "7" and 7 are two leads in JSON; a string column holds "7".
    as_text = table([{**e, "lead": str(e["lead"])} for e in events])
    same([{**e, "lead": str(e["lead"])} for e in events], as_text)


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_zoned_timestamps_of_any_unit(unit: str) -> None:
    events = events_of(12)
    if unit == "s":
        for e in events:
            e["at"] = e["at"][:19] + "Z"
    scale = {"s": 1 / 1000, "ms": 1, "us": 1000, "ns": 1_000_000}[unit]
    ats = pa.array([int(ms(e["at"]) * scale) for e in events], pa.int64()).cast(pa.timestamp(unit, "Europe/Paris"))
    t = table(events).set_column(1, "at", ats)
    assert fast(t)
    same(events, t, {"groupBy": ["hour", "day"]})


def test_sub_millisecond_digits_are_truncated_as_in_text() -> None:
    # -1 µs is 1969-12-31T23:59:59.999999Z: the millisecond before the epoch.
    ats = pa.array([-1, 1500, -1001], pa.int64()).cast(pa.timestamp("us", "UTC"))
    texts = ["1969-12-31T23:59:59.999999Z", "1970-01-01T00:00:00.0015Z", "1969-12-31T23:59:59.998999Z"]
    t = pa.table({"lead": ["a", "b", "c"], "at": ats, "type": ["created"] * 3})
    dicts = [{"lead": lead, "at": at, "type": "created"} for lead, at in zip("abc", texts)]
    log_a, log_b = relance.EventLog(WF).push(t), relance.EventLog(WF).push(dicts)
    assert log_a.to_bytes() == log_b.to_bytes()


def test_epoch_milliseconds_as_integers() -> None:
    events = events_of(13)
    t = table(events).set_column(1, "at", pa.array([ms(e["at"]) for e in events], pa.int64()))
    assert fast(t)
    same(events, t)
    assert fast(t.set_column(1, "at", t["at"].cast(pa.uint64())))
    same(events, t.set_column(1, "at", t["at"].cast(pa.uint64())))


def test_a_null_cell_is_an_absent_key() -> None:
    events = [
        {"lead": "L1", "at": "2026-11-02T09:00:00Z", "type": "created"},
        {"lead": "L1", "at": "2026-11-02T10:00:00Z", "type": "note", "text": "pas intéressé"},
        {"lead": "L1", "at": "2026-11-03T10:00:00Z", "type": "status", "to": "rappel"},
    ]
    t = table(events)
    assert t["outcome"].null_count == 3 and fast(t)
    same(events, t)


@pytest.mark.parametrize(
    "bad",
    [
        {"at": None},  # missing: an error of its own (not "not a time")
        {"at": "yesterday"},
        {"at": ""},
        {"at": "2026-11-02T09:00:00Z\n"},
        {"lead": None},
        {"type": "status", "to": None},
        {"type": "note", "outcome": "great"},
        {"type": "call"},
    ],
    ids=repr,
)
def test_errors_are_those_of_the_same_dicts(bad: Dict[str, Any]) -> None:
    events = events_of(14, leads=5)
    events[3] = {k: v for k, v in {**events[3], **bad}.items() if v is not None}
    t = table(events)
    want = outcome(lambda: relance.kpis(WF, events))
    assert want.get("code") is not None
    assert outcome(lambda: relance.kpis(WF, t)) == want
    log = relance.EventLog(WF).push(table(events[:3]))
    assert outcome(lambda: log.push(t)) == want
    assert len(log) == 3  # all or nothing


def test_null_times_of_skipped_events_are_fine() -> None:
    events = events_of(15, leads=10)
    events.append({"lead": "L1", "type": "call"})
    t = table(events).set_column(1, "at", pa.array([None if e.get("at") is None else ms(e["at"]) for e in events], pa.int64()))
    assert fast(t)
    same(events, t, {"unknownTypes": "skip"})


def test_other_types_go_as_rows_and_get_the_engine_s_answer() -> None:
    events = events_of(16, leads=10)
    naive = table(events).set_column(1, "at", pa.array([ms(e["at"]) for e in events], pa.int64()).cast(pa.timestamp("ms")))
    assert not fast(naive)
    got = outcome(lambda: relance.kpis(WF, naive))
    assert got["code"] == "invalid_time" and got["details"][0]["path"] == "/0/at"  # no offset: refused
    dates = table(events).set_column(1, "at", pa.array([datetime.date(2026, 11, 2)] * len(events)))
    assert outcome(lambda: relance.kpis(WF, dates))["code"] == "invalid_time"
    floats = table(events).set_column(1, "at", pa.array([float(ms(e["at"])) for e in events]))
    assert not fast(floats)
    same(events, floats)
    numbers = table(events).set_column(2, "type", pa.array([1] * len(events)))
    assert outcome(lambda: relance.kpis(WF, numbers)) == outcome(lambda: relance.kpis(WF, [{**e, "type": 1} for e in events]))
    no_at = table(events).drop_columns(["at"])
    assert outcome(lambda: relance.kpis(WF, no_at)) == outcome(lambda: relance.kpis(WF, [{k: v for k, v in e.items() if k != "at"} for e in events]))


def test_an_empty_table_and_the_pycapsule_interface() -> None:
    empty = table([])
    assert fast(empty) and relance.kpis(WF, empty)["leads"] == 0
    events = events_of(17, leads=10)
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({k: [e.get(k) for e in events] for k in KEYS})
    assert _arrow.is_arrow(frame)
    same(events, frame)


def test_the_columnar_path_is_exercised_at_scale() -> None:
    events = events_of(18, leads=3000)
    t = table(events)
    t = t.set_column(1, "at", pa.array([ms(e["at"]) for e in events], pa.int64()).cast(pa.timestamp("ms", "UTC")))
    assert fast(t) and len(t) > 8000
    same(events, t, {"groupBy": ["agent", "day"]})


@pytest.mark.parametrize("data", [pa.array(["L1", "L2"]), pa.chunked_array([["L1"], ["L2"]])], ids=["array", "chunked"])
def test_an_array_is_not_a_table_of_events(data: Any) -> None:
    message = "events as Arrow are a Table or a RecordBatch with the §6 columns (lead, at, type...)"
    want = {"code": "invalid_input", "details": [{"path": "", "code": "invalid_type", "message": message}]}
    assert outcome(lambda: relance.kpis(WF, data)) == want
    assert outcome(lambda: relance.EventLog(WF).push(data)) == want


def test_a_key_in_two_columns_is_invalid_input() -> None:
    t = pa.Table.from_arrays([pa.array(["a"]), pa.array(["b"]), pa.array(["created"])], names=["lead", "lead", "type"])
    message = 'events as Arrow have one column per key: "lead" is in 2 columns'
    want = {"code": "invalid_input", "details": [{"path": "", "code": "invalid_columns", "message": message}]}
    assert outcome(lambda: relance.kpis(WF, t)) == want
    assert outcome(lambda: relance.EventLog(WF).push(t.to_batches()[0])) == want


def test_a_time_type_without_text_is_invalid_input_at_its_first_cell() -> None:
    created = {"lead": ["a", "b"], "type": ["created", "created"]}
    t = pa.table({**created, "at": pa.array([None, (0, 1, 0)], pa.month_day_nano_interval())})
    got = outcome(lambda: relance.kpis(WF, t))
    assert (got["code"], got["details"][0]["code"], got["details"][0]["path"]) == ("invalid_input", "invalid_type", "/1/at")
    assert "month_day_nano_interval" in got["details"][0]["message"]
    assert outcome(lambda: relance.EventLog(WF).push(t)) == got
    # Every cell null: every key absent, as for a column of any other type.
    nulls = t.set_column(2, "at", pa.nulls(2, pa.month_day_nano_interval()))
    assert outcome(lambda: relance.kpis(WF, nulls)) == outcome(lambda: relance.kpis(WF, [{"lead": "a", "type": "created"}, {"lead": "b", "type": "created"}]))


@pytest.mark.parametrize(
    ("at", "value"),
    [
        (pa.array([2**64 - 1], pa.uint64()), 2**64 - 1),
        (pa.array([-(2**62)], pa.int64()), -(2**62)),
        (pa.array([10**14], pa.int64()).cast(pa.timestamp("s", "UTC")), 10**17),
        (pa.array([2**63 - 1], pa.int64()).cast(pa.timestamp("us", "UTC")), (2**63 - 1) // 1000),
    ],
    ids=["uint64", "int64", "seconds", "microseconds"],
)
def test_a_time_out_of_range_reaches_the_engine_as_given(at: pa.Array, value: int) -> None:
    t = pa.table({"lead": ["a", "b"], "at": pa.concat_arrays([pa.array([0], at.type), at]), "type": ["created", "note"]})
    dicts = [{"lead": "a", "at": 0, "type": "created"}, {"lead": "b", "at": value, "type": "note"}]
    assert json.loads(_arrow.Batch(t).rows_json()) == dicts
    want = outcome(lambda: relance.kpis(WF, dicts))
    assert (want["code"], want["details"][0]["path"]) == ("invalid_time", "/1/at")
    assert outcome(lambda: relance.kpis(WF, t)) == want
    assert outcome(lambda: relance.EventLog(WF).push(t)) == want
