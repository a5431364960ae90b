"""The built wheel (RELANCE_WHEEL, else the one in target/wheels) in a
fresh virtual environment: it installs with no dependency, `import relance`
works, the engine answers, and the tests here run the installed package,
not the sources."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

from support import ROOT

import relance


def wheel() -> Path:
    given = os.environ.get("RELANCE_WHEEL")
    if given:
        return Path(given)
    found = sorted((ROOT / "target" / "wheels").glob("relance-*.whl"), key=lambda p: p.stat().st_mtime)
    assert found, "no wheel: build it with maturin (scripts/test.sh does)"
    return found[-1]


def test_the_tests_run_the_installed_package() -> None:
    assert (Path(relance.__file__).parent / "_native.abi3.so").is_file()
    assert Path(relance.__file__).parent != ROOT / "python" / "relance"


def test_one_abi3_wheel() -> None:
    name = wheel().name
    assert "-cp39-abi3-" in name, name


def test_import_from_the_wheel_in_a_fresh_virtual_environment(tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    # This environment's pip installs into the fresh one (no download: the wheel has no dependency).
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-index",
         "--disable-pip-version-check", str(wheel())],
        check=True,
    )
    script = (
        "import relance, sys\n"
        "wf = relance.Workflow.preset('partner')\n"
        "ctx = {'actor': {'id': 'pat', 'roles': ['partner'], 'org': 'acme'}, 'now': '2026-11-22T09:00:00Z'}\n"
        "d = wf.check({'id': 'P-1', 'status': 'pending', 'partnerOrg': 'acme'}, 'declined', ctx)\n"
        "r = relance.kpis(wf, [{'lead': 'L1', 'at': '2026-11-02T09:00:00Z', 'type': 'created'}])\n"
        "assert 'pyarrow' not in sys.modules\n"
        "print(relance.__file__, d['allowed'], r['leads'])\n"
    )
    out = subprocess.run([str(python), "-I", "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    where, allowed, leads = out.stdout.split()
    assert where.startswith(str(env)) and (allowed, leads) == ("False", "1")
