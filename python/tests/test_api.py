"""The Python API around the engine: how values, errors, arguments and
objects cross (the engine's answers themselves are the vectors' business)."""

from __future__ import annotations

import datetime
import json
import math
import pickle
import sys
import threading
from typing import Any, Dict, List

import pytest

import relance
from relance import _native

PARTNER = {"actor": {"id": "pat", "roles": ["partner"], "org": "acme"}, "now": "2026-11-22T09:00:00Z"}
LEAD = {"id": "P-1", "status": "pending", "partnerOrg": "acme"}


def code_of(e: pytest.ExceptionInfo[relance.RelanceError]) -> List[str]:
    return [e.value.code] + [d["code"] for d in e.value.details]


def test_a_django_style_server_check() -> None:
    wf = relance.Workflow.preset("partner")
    decision = wf.check(LEAD, "declined", PARTNER)
    assert decision["allowed"] is False
    assert [(v["code"], v.get("field")) for v in decision["violations"]] == [("missing_field", "declineReason")]
    with pytest.raises(relance.RelanceError) as e:
        wf.apply(LEAD, "declined", PARTNER)
    assert e.value.code == "transition_denied"
    assert e.value.details == decision["violations"]
    assert e.value.message == "Decline reason is required"
    assert str(e.value) == "transition_denied: Decline reason is required"
    change = wf.apply(LEAD, {"action": "accept"}, PARTNER)
    assert change["lead"]["status"] == "accepted" and change["lead"]["partnerOrg"] == "acme"
    assert change["event"]["type"] == "status"


def test_relance_error_is_an_exception_with_code_details_message() -> None:
    e = relance.RelanceError("invalid_input", [{"path": "/x", "code": "invalid_type", "message": "bad"}])
    assert isinstance(e, Exception)
    assert (e.code, e.message, e.details[0]["path"]) == ("invalid_input", "bad", "/x")
    assert relance.RelanceError("engine_error").message == "engine_error"
    again = pickle.loads(pickle.dumps(e))
    assert (type(again), again.code, again.details, again.message) == (relance.RelanceError, e.code, e.details, e.message)


def test_every_argument_is_json_and_keys_stay_camel_case() -> None:
    wf = relance.Workflow.preset("relance")
    lead = {"id": "L1", "status": "new", "nested": {"deep": [1, 2.5, None, True, "é"]}, "big": 10**30}
    change = wf.apply(lead, "contacted", {"now": "2026-11-22T09:00:00Z"})
    # Custom fields come back as given: nested values, big integers, floats.
    assert change["lead"]["nested"] == lead["nested"] and change["lead"]["big"] == 10**30
    assert isinstance(change["lead"]["nested"]["deep"][1], float)
    assert "statusSince" in change["lead"]
    assert lead == {"id": "L1", "status": "new", "nested": {"deep": [1, 2.5, None, True, "é"]}, "big": 10**30}


def test_times_in_as_aware_datetimes_and_out_as_utc_text() -> None:
    wf = relance.Workflow.preset("relance")
    paris = datetime.timezone(datetime.timedelta(hours=1))
    when = datetime.datetime(2026, 11, 22, 10, 0, 0, 123456, tzinfo=paris)
    a = wf.apply({"id": "L1", "status": "new"}, "contacted", {"now": when})
    b = wf.apply({"id": "L1", "status": "new"}, "contacted", {"now": "2026-11-22T09:00:00.123Z"})
    assert a == b and a["lead"]["statusSince"] == "2026-11-22T09:00:00.123Z"
    # A time without an offset is an error (docs/SPEC.md §2), a naive datetime too.
    with pytest.raises(relance.RelanceError) as e:
        wf.apply({"id": "L1", "status": "new"}, "contacted", {"now": datetime.datetime(2026, 11, 22, 9)})
    assert e.value.code == "invalid_time"


@pytest.mark.parametrize("value", [{1, 2}, math.nan, object()])
def test_a_value_without_json_is_invalid_input(value: Any) -> None:
    wf = relance.Workflow.preset("relance")
    with pytest.raises(relance.RelanceError) as e:
        wf.check({"id": "L1", "status": "new", "x": value}, "contacted", {})
    assert code_of(e) == ["invalid_input", "invalid_type"]


def test_a_cycle_is_invalid_input_and_past_the_recursion_limit_limit_exceeded() -> None:
    wf = relance.Workflow.preset("relance")
    lead: Dict[str, Any] = {"id": "L1", "status": "new"}
    lead["self"] = lead
    with pytest.raises(relance.RelanceError) as e:
        wf.check(lead, "contacted", {})
    assert code_of(e) == ["invalid_input", "invalid_type"]
    deep: Any = []
    for _ in range(sys.getrecursionlimit() + 100):
        deep = [deep]
    with pytest.raises(relance.RelanceError) as e:
        wf.check({"id": "L1", "status": "new", "deep": deep}, "contacted", {})
    assert code_of(e) == ["limit_exceeded", "too_deep"]


def test_nesting_below_the_recursion_limit_crosses_whole() -> None:
    wf = relance.Workflow.preset("relance")
    deep: Any = "leaf"
    for _ in range(500):
        deep = {"d": deep}
    assert wf.view({"id": "L1", "status": "new", "deep": deep}, {})["deep"] == deep


def test_bulk_inputs_as_text_or_bytes() -> None:
    wf = relance.Workflow.preset("partner")
    leads = [{"id": "A", "status": "pending", "expiresAt": "2026-11-01T00:00:00Z"}]
    ctx = {"now": "2026-12-01T00:00:00Z"}
    as_list = wf.due(leads, ctx)
    assert as_list and as_list == wf.due(json.dumps(leads), ctx) == wf.due(json.dumps(leads).encode(), ctx)
    assert wf.due(bytearray(json.dumps(leads).encode()), ctx) == as_list
    with pytest.raises(relance.RelanceError) as e:
        wf.due(b"\xff\xfe", ctx)
    assert code_of(e) == ["invalid_json", "invalid_utf8"]
    with pytest.raises(relance.RelanceError) as e:
        wf.due("[{\"id\": \"A\", \"status\": \"\ud800\"}]", ctx)
    assert code_of(e) == ["invalid_json", "invalid_utf8"]


def test_definitions_as_dict_text_bytes_or_workflow() -> None:
    d = relance.preset_json("partner")
    for definition in (d, json.dumps(d), json.dumps(d).encode(), relance.Workflow.preset("partner")):
        assert relance.Workflow.from_json(definition).id == "partner-leads"
    with pytest.raises(relance.RelanceError) as e:
        relance.Workflow.from_json("{")
    assert e.value.code == "invalid_json"
    with pytest.raises(relance.RelanceError) as e:
        relance.Workflow.from_json({"id": "w", "statuses": []})
    assert e.value.code == "invalid_workflow"
    with pytest.raises(relance.RelanceError) as e:
        relance.Workflow.preset("nope")
    assert e.value.code == "unknown_preset"
    with pytest.raises(TypeError):
        relance.Workflow()
    with pytest.raises(TypeError):
        relance.Partial()


def test_analytics_definitions_are_loaded_once_by_canonical_json() -> None:
    d = relance.preset_json("leadflow")
    reordered = dict(reversed(list(d.items())))
    relance.kpis(d, [])
    loaded = dict(relance._LOADED)
    relance.kpis(json.dumps(reordered, indent=2), [])
    assert relance._LOADED == loaded  # the same entry, not a new load


def test_keyword_arguments_and_omitted_ones() -> None:
    wf = relance.Workflow.preset("partner")
    assert wf.check(lead=LEAD, to="declined", ctx=PARTNER) == wf.check(LEAD, "declined", PARTNER)
    assert wf.statuses() == wf.statuses(None) == wf.statuses(locale=None)
    assert relance.kpis(def_=wf, events=[]) == relance.kpis(wf, [], None)
    with pytest.raises(TypeError):
        wf.check(LEAD, "declined", PARTNER, "extra")
    with pytest.raises(TypeError):
        wf.check(LEAD, lead=LEAD)
    with pytest.raises(TypeError):
        wf.check(LEAD, target="declined")
    # An omitted argument is null, as in JavaScript: the engine answers.
    with pytest.raises(relance.RelanceError) as e:
        wf.check()
    assert e.value.code == "invalid_lead"


def test_queue_answers_with_the_caller_s_own_leads() -> None:
    wf = relance.Workflow.preset("remonline")
    leads = [{"id": "A", "status": "new", "notesCount": 1}, {"id": "B", "status": "new"}]
    items = wf.queue(leads, {"now": "2026-11-22T09:00:00Z"})
    assert [i["lead"]["id"] for i in items] == ["B", "A"]
    assert items[0]["lead"] is leads[1]
    assert wf.queue(json.dumps(leads), {"now": "2026-11-22T09:00:00Z"}) == items


def test_lint_json_never_raises() -> None:
    assert relance.lint_json({1, 2})["errors"][0]["code"] == "invalid_type"
    assert relance.Workflow.lint_json("{")["errors"][0]["code"] == "invalid_json"
    assert relance.lint_json(relance.preset_json("relance")) == {"errors": [], "warnings": []}


def test_a_freed_object_is_invalid_input() -> None:
    with relance.Workflow.preset("relance") as wf:
        assert wf.id == "relance"
    for use in (lambda: wf.id, lambda: wf.check({"status": "new"}, "x"), lambda: relance.EventLog(wf)):
        with pytest.raises(relance.RelanceError) as e:
            use()
        assert code_of(e) == ["invalid_input", "freed"]
    log = relance.EventLog(relance.preset_json("relance"))
    log.free()
    with pytest.raises(relance.RelanceError) as e:
        len(log)
    assert code_of(e) == ["invalid_input", "freed"]


def test_objects_pickle_as_their_bytes() -> None:
    wf = relance.Workflow.preset("relance")
    log = relance.EventLog(wf).push([{"lead": "L1", "at": "2026-11-02T09:00:00Z", "type": "created"}])
    again = pickle.loads(pickle.dumps(log))
    assert len(again) == 1 and again.report() == log.report()
    p = pickle.loads(pickle.dumps(log.partial({"groupBy": ["day"]})))
    assert p.report() == log.report({"groupBy": ["day"]})
    assert pickle.loads(pickle.dumps(wf)).id == wf.id


def test_event_log_push_is_all_or_nothing_and_merges() -> None:
    wf = relance.Workflow.preset("relance")
    log = relance.EventLog(wf)
    assert log.push([{"lead": "L1", "at": "2026-11-02T09:00:00Z", "type": "created"}]) is log
    with pytest.raises(relance.RelanceError) as e:
        log.push([{"lead": "L2", "at": "2026-11-02T09:00:00Z", "type": "created"}, {"lead": "L3", "at": "soon", "type": "note"}])
    assert (e.value.code, e.value.details[0]["path"]) == ("invalid_time", "/1/at")
    assert len(log) == 1
    log.push('{"lead": "L2", "at": "2026-11-02T09:00:00Z", "type": "call"}', {"unknownTypes": "skip"})
    other = relance.EventLog(wf).push(b'{"lead": "L3", "at": 1793000000000, "type": "created"}')
    assert log.merge(other) is log and len(log) == 2
    assert log.report()["warnings"] == [{"code": "unknown_type", "type": "call", "count": 1}]
    with pytest.raises(relance.RelanceError) as e:
        log.merge(log)
    assert code_of(e) == ["invalid_input", "invalid_value"]
    with pytest.raises(relance.RelanceError) as e:
        log.merge(relance.EventLog(relance.Workflow.preset("partner")))
    assert code_of(e) == ["invalid_input", "other_workflow"]
    with pytest.raises(relance.RelanceError) as e:
        log.merge("not a log")  # type: ignore[arg-type]
    assert code_of(e) == ["invalid_input", "invalid_type"]
    with pytest.raises(relance.RelanceError) as e:
        relance.EventLog.from_bytes(wf, "text")
    assert code_of(e) == ["invalid_input", "invalid_type"]


def test_a_panic_of_the_engine_is_engine_error_and_the_module_keeps_working() -> None:
    wf = relance.Workflow.preset("relance")
    for _ in range(3):
        with pytest.raises(relance.RelanceError) as e:
            _native.__panic()
        assert code_of(e) == ["engine_error", "panic"]
    assert wf.check({"status": "new"}, "contacted", {})["allowed"] is True


def test_threads_share_a_workflow() -> None:
    wf = relance.Workflow.preset("partner")
    want = wf.check(LEAD, "declined", PARTNER)
    results: List[Any] = []

    def work() -> None:
        results.extend(wf.check(LEAD, "declined", PARTNER) for _ in range(300))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 1200 and all(r == want for r in results)


def test_operations_describe_the_surface() -> None:
    s = relance.operations()
    assert {"operations", "classes", "errorCodes", "problemCodes", "violationCodes"} <= set(s)
    check = next(o for o in s["operations"] if o["name"] == "check")
    assert check == {"name": "check", "receiver": "workflow", "entry": "relance",
                     "args": [{"name": "lead", "kind": "json"}, {"name": "to", "kind": "json"}, {"name": "ctx", "kind": "json"}]}
