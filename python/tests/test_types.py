"""The type stubs: mypy (pinned in python/requirements-dev.txt) checks the
package's own modules, a typed program that uses the package as a user
would (and that runs here too), and refuses a program that misuses it.
Then the result of every conformance vector is checked against the return
type the stubs declare for its operation, so the stubs describe what the
engine answers."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any, Dict, List, Union

import pytest
from support import ROOT, vector_files

import relance
import relance.types

HERE = Path(__file__).parent
CONFIG = ROOT / "python" / "pyproject.toml"
CACHE = ROOT / "target" / "mypy"


def mypy(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "mypy", "--config-file", str(CONFIG), "--cache-dir", str(CACHE), *args]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env={**os.environ, "MYPY_FORCE_COLOR": "0"})


def test_mypy_checks_the_package_sources() -> None:
    r = mypy("relance", cwd=ROOT / "python")
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_checks_a_program_using_the_installed_package() -> None:
    r = mypy("usage.py", cwd=HERE / "typing")
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_typed_program_runs() -> None:
    sys.path.insert(0, str(HERE / "typing"))
    try:
        import usage

        usage.main()
    finally:
        sys.path.remove(str(HERE / "typing"))


def test_mypy_refuses_misuses() -> None:
    source = (HERE / "typing" / "misuse.py").read_text(encoding="utf-8").splitlines()
    marked = {i + 1 for i, line in enumerate(source) if line.endswith("# refused")}
    r = mypy("misuse.py", cwd=HERE / "typing")
    refused = {int(line.split(":")[1]) for line in r.stdout.splitlines() if line.startswith("misuse.py:") and ": error:" in line}
    assert r.returncode == 1 and refused == marked, r.stdout


# The return type the stubs declare for each operation of the table.
STUB = ast.parse((Path(relance.__file__).parent / "__init__.pyi").read_text(encoding="utf-8"))
NAMESPACE: Dict[str, Any] = {**vars(typing), **vars(relance.types), "Workflow": relance.Workflow,
                             "EventLog": relance.EventLog, "Partial": relance.Partial}


def returns() -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    workflow = next(n for n in STUB.body if isinstance(n, ast.ClassDef) and n.name == "Workflow")
    for node in STUB.body + workflow.body:
        if isinstance(node, ast.FunctionDef) and node.returns is not None:
            out.setdefault(node.name, eval(ast.unparse(node.returns), NAMESPACE))
    return out


RETURNS = returns()


def conforms(value: Any, tp: Any, path: str = "") -> List[str]:
    """Where `value` does not have the type `tp` (a TypedDict must have its
    required keys, may have its optional ones, and nothing else)."""
    if tp is Any or tp is object:
        return []
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is Union:
        if any(not conforms(value, a, path) for a in args):
            return []
        return [f"{path or '/'}: {value!r:.80} is none of {tp}"]
    if origin is typing.Literal:
        return [] if value in args else [f"{path or '/'}: {value!r} not in {args}"]
    if tp is type(None):
        return [] if value is None else [f"{path or '/'}: {value!r:.80} is not None"]
    if typing.is_typeddict(tp):
        if not isinstance(value, dict):
            return [f"{path or '/'}: not a dict ({tp.__name__})"]
        hints = typing.get_type_hints(tp)
        errors = [f"{path}/{k}: missing ({tp.__name__})" for k in tp.__required_keys__ if k not in value]
        errors += [f"{path}/{k}: not declared in {tp.__name__}" for k in value if k not in hints]
        for k, v in value.items():
            if k in hints:
                errors += conforms(v, hints[k], f"{path}/{k}")
        return errors
    if origin in (list, typing.List, typing.Sequence) or tp is list:
        if not isinstance(value, list):
            return [f"{path or '/'}: not a list"]
        return [e for i, v in enumerate(value) for e in conforms(v, args[0] if args else Any, f"{path}/{i}")]
    if origin in (dict, typing.Dict, typing.Mapping) or tp is dict:
        if not isinstance(value, dict):
            return [f"{path or '/'}: not a dict"]
        return [e for k, v in value.items() for e in conforms(v, args[1] if args else Any, f"{path}/{k}")]
    if tp is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif tp is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, tp)
    return [] if ok else [f"{path or '/'}: {value!r:.80} is not {tp}"]


def test_conforms_finds_what_differs() -> None:
    good = {"allowed": True, "rule": {"index": 0, "id": None}, "to": "b", "violations": [], "effects": []}
    assert conforms(good, relance.types.Decision) == []
    assert conforms({**good, "extra": 1}, relance.types.Decision) == ["/extra: not declared in Decision"]
    assert conforms({**good, "allowed": "yes"}, relance.types.Decision)
    assert conforms({k: v for k, v in good.items() if k != "to"}, relance.types.Decision) == ["/to: missing (Decision)"]


CASES = [
    pytest.param(c, id=f"{f['name']}/{c['name']}")
    for f in vector_files()
    for c in f["cases"]
    if "expect" in c and relance.snake(c["op"]) in RETURNS
]


def test_every_operation_has_a_declared_return_type() -> None:
    for op in relance.operations()["operations"]:
        assert relance.snake(op["name"]) in RETURNS, op["name"]


@pytest.mark.parametrize("case", CASES)
def test_vector_results_have_the_declared_types(case: Dict[str, Any]) -> None:
    assert conforms(case["expect"], RETURNS[relance.snake(case["op"])]) == []
