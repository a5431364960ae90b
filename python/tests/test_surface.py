"""The Python surface against the engine's table of operations
(relance_core::ops, exported as relance.operations()): every operation and
every method of a stateful class has its Python counterpart (JavaScript's
name in snake_case) with the table's parameters, and the type stubs declare
exactly those, with the engine's codes. An operation cannot exist in
JavaScript and be missing in Python: adding one to the table fails here
until the stubs declare it."""

from __future__ import annotations

import ast
import inspect
import keyword
import typing
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

import relance
import relance.types

SURFACE = relance.operations()
PACKAGE = Path(relance.__file__).parent
STUB = ast.parse((PACKAGE / "__init__.pyi").read_text(encoding="utf-8"))


def param(name: str) -> str:
    p = relance.snake(name)
    return p + "_" if keyword.iskeyword(p) else p


def stub_functions(body: List[ast.stmt]) -> Dict[str, ast.FunctionDef]:
    return {n.name: n for n in body if isinstance(n, ast.FunctionDef)}


def stub_class(name: str) -> Optional[ast.ClassDef]:
    return next((n for n in STUB.body if isinstance(n, ast.ClassDef) and n.name == name), None)


def stub_params(f: ast.FunctionDef) -> List[str]:
    names = [a.arg for a in f.args.posonlyargs + f.args.args]
    return names[1:] if names[:1] in (["self"], ["cls"]) else names


def runtime_params(f: Any) -> List[str]:
    return [p for p in inspect.signature(f).parameters if p != "self"]


def test_snake_case_names() -> None:
    cases = {"addNote": "add_note", "toJSON": "to_json", "lintJson": "lint_json", "flowState": "flow_state",
             "queueOrder": "queue_order", "fromBytes": "from_bytes", "id": "id", "kpis": "kpis"}
    assert {k: relance.snake(k) for k in cases} == cases


def test_the_table_is_not_empty() -> None:
    receivers = {op["receiver"] for op in SURFACE["operations"]}
    assert receivers == {"global", "workflow", "function"}
    assert len(SURFACE["operations"]) >= 25


@pytest.mark.parametrize("op", SURFACE["operations"], ids=[o["name"] for o in SURFACE["operations"]])
def test_every_operation_has_its_python_counterpart(op: Dict[str, Any]) -> None:
    name = relance.snake(op["name"])
    params = [param(a["name"]) for a in op["args"]]
    workflow = stub_class("Workflow")
    assert workflow is not None
    if op["receiver"] == "global":
        # A static of Workflow and a module function, as in JavaScript's `Workflow.presets()`.
        for f in (getattr(relance, name), getattr(relance.Workflow, name)):
            assert runtime_params(f) == params
        assert stub_params(stub_functions(STUB.body)[name]) == params
        assert stub_params(stub_functions(workflow.body)[name]) == params
        assert name in relance.__all__
    elif op["receiver"] == "workflow":
        member = inspect.getattr_static(relance.Workflow, name)
        stub = stub_functions(workflow.body)[name]
        if op["name"] == "id":
            assert isinstance(member, property) and params == []
            assert any(isinstance(d, ast.Name) and d.id == "property" for d in stub.decorator_list)
        else:
            assert runtime_params(member) == params
            assert stub_params(stub) == params
    else:
        f = getattr(relance, name)
        assert runtime_params(f) == params
        assert stub_params(stub_functions(STUB.body)[name]) == params
        assert name in relance.__all__


@pytest.mark.parametrize("cls", SURFACE["classes"], ids=[c["name"] for c in SURFACE["classes"]])
def test_every_class_method_has_its_python_counterpart(cls: Dict[str, Any]) -> None:
    py = getattr(relance, cls["name"])
    stub = stub_class(cls["name"])
    assert stub is not None, f"the stubs do not declare {cls['name']}"
    declared = stub_functions(stub.body)
    for name in [relance.snake(n) for n in cls["statics"] + cls["methods"]]:
        assert callable(getattr(py, name)), f"{cls['name']}.{name}"
        assert name in declared, f"the stubs do not declare {cls['name']}.{name}"


def test_the_stubs_declare_nothing_the_package_lacks() -> None:
    for node in STUB.body:
        if isinstance(node, ast.FunctionDef):
            assert hasattr(relance, node.name), node.name
        elif isinstance(node, ast.ClassDef):
            py = getattr(relance, node.name)
            for f in stub_functions(node.body):
                assert hasattr(py, f), f"{node.name}.{f}"


def literal(name: str) -> List[str]:
    return list(typing.get_args(getattr(relance.types, name)))


def test_the_codes_are_the_engine_s() -> None:
    assert literal("ErrorCode") == SURFACE["errorCodes"]
    assert literal("ProblemCode") == SURFACE["problemCodes"]
    assert literal("ViolationCode") == SURFACE["violationCodes"]
    assert sorted(literal("PresetName")) == sorted(relance.presets())


def test_the_wheel_ships_its_stubs_and_marker() -> None:
    for f in ("__init__.pyi", "_native.pyi", "py.typed", "types.py"):
        assert (PACKAGE / f).is_file(), f
