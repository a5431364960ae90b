"""Misuses the type checker must refuse: python/tests/test_types.py runs
mypy --strict on this file and expects exactly the lines marked `# refused`
to fail (so the stubs are seen and mean something)."""

from __future__ import annotations

import relance

wf = relance.Workflow.preset("partner")
decision = wf.check({"status": "pending"}, "accepted", {})
decision["allowed"] + "yes"  # refused
wf.chek({"status": "pending"}, "accepted")  # refused
wf.id()  # refused
relance.kpis(wf, [], {})["leads"].upper()  # refused
relance.EventLog(wf).partial({}).merge(relance.EventLog(wf))  # refused
relance.Workflow.preset("no-such-preset")  # refused
