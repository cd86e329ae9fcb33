"""The JavaScript unit tests (tests/js/*.test.mjs, Node's built-in runner) as one pytest test.

They test the pages' ES modules in static/js without a browser. scripts/test installs Debian's
nodejs; run them alone with `node --test tests/js/`.
"""
import shutil
import subprocess

import pytest

from ..servers import ROOT

JS_TESTS = ROOT / "tests" / "js"


def test_node_unit_tests_pass():
    files = sorted(JS_TESTS.glob("*.test.mjs"))
    if not files:
        pytest.skip(f"no JavaScript unit tests (*.test.mjs) in {JS_TESTS.relative_to(ROOT)}")
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (scripts/test installs Debian's nodejs)")
    # The files by name rather than the folder (Node 20 searches a folder, later Nodes take globs);
    # the spec reporter names each test and shows a failure's diff and stack.
    command = [node, "--test", "--test-reporter=spec", *(str(f.relative_to(ROOT)) for f in files)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"node --test failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
