"""Every submission has its row in the final outputs, whatever failed on the grader's side."""

from __future__ import annotations

import sys

import pytest

from gc_grader import grader
from tests.corpus import notebooks as nbs
from tests.grading.running import outputs

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox is Linux's")


def test_a_row_lost_in_the_verdict_thread_is_an_error_row_not_a_missing_one(tmp_path, monkeypatch):
    nbs.write(nbs.solved(), tmp_path / "in" / "a.ipynb")
    nbs.write(nbs.solved(), tmp_path / "in" / "b.ipynb")
    original = grader._Run.complete

    def failing(self, result, memory_mib):
        if self.submissions[result.key][0] == "b.ipynb":
            raise RuntimeError("a bug of the grader's verdict thread")
        original(self, result, memory_mib)

    monkeypatch.setattr(grader._Run, "complete", failing)
    rows = grader.grade([tmp_path / "in"], tmp_path / "out", timeout=5, progress=False)
    graded = outputs(tmp_path / "out")
    assert sorted(graded.rows) == ["a.ipynb", "b.ipynb"] and len(rows) == 2
    assert graded.rows["a.ipynb"]["total"] == sum(nbs.GRADED.values())
    assert graded.rows["b.ipynb"]["status"] == "error" and "lost its row" in graded.rows["b.ipynb"]["message"]
