"""A typed program using the package as a user would: python/tests/test_types.py
runs mypy --strict on it against the installed package's stubs (and pytest
runs it too, so every line also works). `assert_type` fails the type check
when a stub declares another type than the one written here."""

from __future__ import annotations

import datetime
from typing import Any, Dict, List, Optional

from typing_extensions import assert_type

import relance
from relance.types import Decision, Impact, LintReport, Outcome, QueueItem, Report, StatusInfo, Violation

NOW = datetime.datetime(2026, 11, 22, 9, tzinfo=datetime.timezone.utc)


def server_check(wf: relance.Workflow, lead: Dict[str, Any], to: str, actor: Dict[str, Any]) -> Optional[List[Violation]]:
    """What a server does before it trusts a move: None when allowed."""
    decision = wf.check(lead, to, {"actor": actor, "now": NOW})
    assert_type(decision, Decision)
    return None if decision["allowed"] else decision["violations"]


def main() -> None:
    wf = relance.Workflow.preset("partner")
    assert_type(wf.id, str)
    assert_type(relance.presets(), List[relance.types.PresetName])
    statuses = wf.statuses("fr")
    assert_type(statuses, List[StatusInfo])
    lead = {"id": "P-1", "status": "pending", "partnerOrg": "acme"}
    actor = {"id": "pat", "roles": ["partner"], "org": "acme"}
    refused = server_check(wf, lead, "declined", actor)
    assert refused is not None and refused[0]["code"] == "missing_field"
    try:
        wf.apply(lead, "declined", {"actor": actor, "now": NOW})
    except relance.RelanceError as e:
        assert_type(e.code, str)
        assert e.code == "transition_denied"
    change = wf.apply(lead, {"action": "accept"}, {"actor": actor, "now": NOW})
    assert change["lead"]["status"] == "accepted"
    outcome = wf.classify("pas intéressé", "fr")
    assert_type(outcome, Outcome)
    queue = wf.queue([lead], {"now": NOW})
    assert_type(queue, List[QueueItem])
    lint = relance.lint_json({"id": "w", "statuses": []})
    assert_type(lint, LintReport)

    events = [
        {"lead": "L1", "at": "2026-11-02T09:00:00Z", "type": "created"},
        {"lead": "L1", "at": "2026-11-03T09:00:00Z", "type": "status", "from": "pending", "to": "accepted"},
    ]
    report = relance.kpis(wf, events, {"groupBy": ["agent"], "from": "2026-11-01T00:00:00Z"})
    assert_type(report, Report)
    assert report["leads"] == 1
    log = relance.EventLog(wf).push(events)
    assert_type(log, relance.EventLog)
    part = log.partial({}).merge(relance.Partial.from_bytes(wf, relance.EventLog(wf).partial({}).to_bytes()))
    assert_type(part, relance.Partial)
    assert part.report() == log.report({})
    again = relance.EventLog.from_bytes(wf, log.to_bytes())
    assert len(again) == 2
    impact = relance.impact(wf, relance.Workflow.preset("partner"), {"now": NOW})
    assert_type(impact, Impact)
    assert impact["statuses"]["added"] == []


if __name__ == "__main__":
    main()
