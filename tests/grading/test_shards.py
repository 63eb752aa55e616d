"""One run spread over machines (``gc_grader.shards``, ``gc_grader.merge``): the seed, the split, the merge.

The end-to-end test grades a course once, and again as three shards at the same time (three processes), and
merges them: the same rows in the same order, the same points and feedback, the same formats. Then ``merge``
refuses, each with its reason, what a single run could not have made.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from gc_grader import reports, shards
from gc_grader.merge import MergeError, merge
from tests.corpus import course
from tests.corpus import notebooks as nbs
from tests.grading.running import ROOT, TIMEOUT, grader, outputs, refused

SEED = "424242424242"
FORMATS = ("--format", "junit", "--format", "canvas", "--format", "nbgrader")


def run_merge(*args, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "public_tests", "merge", *map(str, args)], capture_output=True,
                          text=True, timeout=120, cwd=cwd)


# ------------------------------------------------------------------------------------ seed and split

@pytest.mark.parametrize("text, seed", [("0", 0), ("42", 42), (" 9223372036854775807 ", 2**63 - 1)])
def test_a_seed_is_a_whole_number_below_2_to_the_63(text, seed):
    assert shards.parse_seed(text) == seed


@pytest.mark.parametrize("text", ["-1", "9223372036854775808", "1e6", "0x10", "", "seven"])
def test_anything_else_is_no_seed(text):
    with pytest.raises(ValueError, match="--seed expects a whole number"):
        shards.parse_seed(text)


def test_a_shard_is_k_of_n_counted_from_zero():
    assert shards.parse_shard("2/3") == shards.Shard(2, 3)
    for text, says in (("3/3", "must be below N=3"), ("1/0", "N must be from 1"), ("1-3", "expects K/N"),
                       ("-1/3", "expects K/N")):
        with pytest.raises(ValueError, match=says):
            shards.parse_shard(text)


def test_auto_takes_the_index_from_kubernetes_or_slurm():
    assert shards.parse_shard("auto/4", {"JOB_COMPLETION_INDEX": "3"}) == shards.Shard(3, 4)
    assert shards.parse_shard("auto/4", {"SLURM_ARRAY_TASK_ID": "0"}) == shards.Shard(0, 4)
    assert shards.parse_shard("auto/4", {"JOB_COMPLETION_INDEX": "1", "SLURM_ARRAY_TASK_ID": "1"}).index == 1
    for environ, says in (({}, "neither JOB_COMPLETION_INDEX nor SLURM_ARRAY_TASK_ID is set"),
                          ({"SLURM_ARRAY_TASK_ID": "4"}, "--array=0-3"),  # a 1-based array
                          ({"JOB_COMPLETION_INDEX": "x"}, "not an index from 0 to 3"),
                          ({"JOB_COMPLETION_INDEX": "1", "SLURM_ARRAY_TASK_ID": "2"}, "disagree")):
        with pytest.raises(ValueError, match=says):
            shards.parse_shard("auto/4", environ)


def test_the_split_is_the_same_everywhere_and_stable_when_files_are_added():
    # SHA-256 of the name, not Python's salted hash(): pinned, so that every machine and Python agrees
    assert [shards.shard_of(f"student{i}/ps1/Gradient_Checking.ipynb", 7) for i in range(8)] == [1, 3, 0, 5, 3, 1, 6, 5]
    assert shards.shard_of("ada/ps1/Gradient_Checking.ipynb", 1000) == \
        int.from_bytes(hashlib.sha256(b"ada/ps1/Gradient_Checking.ipynb").digest()[:8], "big") % 1000
    names = [f"s{i:04d}.ipynb" for i in range(1000)]
    parts = [shards.positions(names, shards.Shard(k, 4)) for k in range(4)]
    assert sorted(p for part in parts for p in part) == list(range(1000))  # each in exactly one shard
    assert all(200 < len(part) < 300 for part in parts)  # and spread evenly
    more = sorted(names + [f"late-{i}.ipynb" for i in range(50)])
    for k in range(4):
        kept = {names[p] for p in parts[k]}
        assert kept <= {more[p] for p in shards.positions(more, shards.Shard(k, 4))}


# ------------------------------------------------------------------------------------ three shards at once

@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """The course graded once with seed SEED, and as three shards at the same time, merged."""
    base = tmp_path_factory.mktemp("sharded")
    roster = course.write(base / "submitted")
    nbs.write(nbs.with_answer("gradient_check", "def gradient_check(x, theta, epsilon=1e-7, print_msg=False):\n"
                                                "    return 1e-5\n"), base / "submitted" / "ivy" / "ps1" / "gc.ipynb")
    common = ("--timeout", TIMEOUT, "--jobs", "2", "--seed", SEED, *FORMATS, "--roster", roster)
    whole = grader(base / "submitted", "--out", base / "whole", *common)
    environ = {key: value for key, value in os.environ.items() if key not in shards.INDEX_VARIABLES}
    started = [subprocess.Popen([sys.executable, "-m", "public_tests", "grade", str(base / "submitted"), "--out",
                                 str(base / f"shard-{k}"), "--shard", f"{k}/3", *map(str, common)],
                                cwd=ROOT, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for k in range(3)]  # all three at once, as three machines would
    finished = [process.communicate(timeout=300) + (process.returncode,) for process in started]
    merged = run_merge(*(base / f"shard-{k}" for k in (2, 0, 1)), "--out", base / "merged")  # any order
    return SimpleNamespace(base=base, whole=whole, shards=finished, merged=merged)


def test_every_shard_ran_and_the_merge_succeeded(sharded):
    assert sharded.whole.returncode == 0, sharded.whole.stderr
    for k, (stdout, stderr, code) in enumerate(sharded.shards):
        assert code == 0, stderr
        assert f"(shard {k}/3 of the run with seed {SEED})" in stdout
    assert sharded.merged.returncode == 0, sharded.merged.stderr
    assert "Merged 3 shards: 12 submissions." in sharded.merged.stdout
    sizes = [len(outputs(sharded.base / f"shard-{k}").rows) for k in range(3)]
    assert sum(sizes) == 12 and all(sizes), sizes  # each shard graded some of them


def test_three_shards_merged_are_the_single_run(sharded):
    whole, merged = outputs(sharded.base / "whole"), outputs(sharded.base / "merged")
    assert merged.document["submissions"] == whole.document["submissions"]  # same rows, same order, same feedback
    assert merged.document["exercises"] == whole.document["exercises"]
    assert merged.run["seed"] == whole.run["seed"] == int(SEED)
    assert merged.run["formats"] == whole.run["formats"] and merged.run["gradebook"] == whole.run["gradebook"]
    assert [part["shard"] for part in merged.run["merged_from"]] == ["0/3", "1/3", "2/3"]
    for name in ("grades.csv", *(f"{f}" for f in ("junit.xml", "canvas.csv", "nbgrader.csv"))):
        assert (sharded.base / "merged" / name).read_bytes() == (sharded.base / "whole" / name).read_bytes(), name
    feedback = sorted(p.name for p in (sharded.base / "whole" / "feedback").iterdir())
    assert sorted(p.name for p in (sharded.base / "merged" / "feedback").iterdir()) == feedback
    for name in feedback:
        assert (sharded.base / "merged" / "feedback" / name).read_bytes() == \
            (sharded.base / "whole" / "feedback" / name).read_bytes(), name
    rows = merged.rows  # a hard link split across shards is still graded once, with the note on its first path
    assert rows["gus/ps1/Gradient_Checking.ipynb"]["status"] == "duplicate"
    assert "also submitted as gus/ps1/Gradient_Checking.ipynb" in rows["ada/ps1/Gradient_Checking.ipynb"]["review"][0]


def test_a_shard_records_its_place_in_the_run(sharded):
    seen = []
    for k in range(3):
        run = outputs(sharded.base / f"shard-{k}").run
        assert (run["shard"]["index"], run["shard"]["count"], run["shard"]["of_submissions"]) == (k, 3, 12)
        assert run["seed"] == int(SEED) and run["seed_given"] is True
        seen += run["shard"]["positions"]
        assert (sharded.base / f"shard-{k}" / "junit.xml").is_file()  # each shard writes its own part
        book = run["gradebook"]  # zed has no notebook in any shard; no shard blames another's notebooks
        assert book["students_without_notebook"] == ["zed"]
    assert sorted(seen) == list(range(12))


# ------------------------------------------------------------------------------------ what merge refuses

def shard_copy(sharded, tmp_path: Path, k: int, change=None, name: str | None = None) -> Path:
    """A copy of shard ``k``'s outputs, its grades.json changed by ``change(document)``."""
    folder = tmp_path / (name or f"shard-{k}")
    shutil.copytree(sharded.base / f"shard-{k}", folder)
    if change is not None:
        path = folder / "grades.json"
        document = json.loads(path.read_text(encoding="utf-8"))
        change(document)
        path.write_text(json.dumps(document), encoding="utf-8")
    return folder


def set_run(key, value):
    return lambda document: document["run"].__setitem__(key, value)


@pytest.mark.parametrize("k, change, says", [
    (1, set_run("seed", 7), "the shards differ in their seed (--seed)"),
    (1, lambda d: d["exercises"].__setitem__("gradient_check_n", 25), "differ in the exercises and points"),
    (1, lambda d: d["run"]["shard"].__setitem__("count", 4), "differ in their split"),
    (1, lambda d: d["run"]["shard"].__setitem__("submissions_sha256", "0" * 64), "the submissions they found"),
    (1, set_run("timeout_seconds", 99.0), "the setting timeout_seconds"),
    (1, lambda d: d["run"]["shard"].__setitem__("index", 0), "shard 0/3 in"),  # given twice
    (2, lambda d: d["run"].pop("seed"), "shard 2/3 has not finished"),
    (2, lambda d: d["run"].pop("shard"), "not a shard: it was graded without --shard"),
    (2, lambda d: d["run"]["shard"].__setitem__("positions", "all"), "its run.shard is not what the grader records"),
])
def test_merge_refuses_what_one_run_could_not_have_made(sharded, tmp_path, k, change, says):
    folders = [shard_copy(sharded, tmp_path, i, change if i == k else None) for i in range(3)]
    with pytest.raises(MergeError, match=says.replace("(", r"\(").replace(")", r"\)")):
        merge(folders, tmp_path / "merged")
    assert not (tmp_path / "merged").exists()  # nothing written


def test_merge_refuses_a_missing_shard_and_an_unfinished_one_on_the_command_line(sharded, tmp_path):
    folders = [shard_copy(sharded, tmp_path, i) for i in range(3)]
    result = run_merge(folders[0], folders[2], "--out", tmp_path / "merged")
    assert result.returncode == 2
    assert "error: nothing was merged: shard(s) 1 of 3 are missing" in result.stderr
    (folders[1] / reports.JOURNAL).write_text("")  # a journal: the shard's run was stopped
    result = run_merge(*folders, "--out", tmp_path / "merged")
    assert result.returncode == 2 and "has not finished" in result.stderr and "resumes" in result.stderr
    result = run_merge(*folders[:2], folders[0], "--out", folders[0])
    assert result.returncode == 2 and "is one of the shards' folders" in result.stderr
    result = run_merge(tmp_path / "nowhere", "--out", tmp_path / "merged")
    assert result.returncode == 2 and "no grades.json" in result.stderr


def test_merge_can_be_asked_for_other_formats(sharded, tmp_path):
    folders = [shard_copy(sharded, tmp_path, i) for i in range(3)]
    rows, request = merge(folders, tmp_path / "merged", wanted=["junit"])
    assert request.formats == ("junit",) and len(rows) == 12
    assert (tmp_path / "merged" / "junit.xml").is_file() and not (tmp_path / "merged" / "canvas.csv").exists()
    document = copy.deepcopy(json.loads((tmp_path / "merged" / "grades.json").read_text(encoding="utf-8")))
    assert document["run"]["formats"] == ["junit"] and "gradebook" not in document["run"]


# ------------------------------------------------------------------------------------ the command line

def test_shard_without_seed_and_auto_without_an_engine_are_usage_errors(tmp_path, monkeypatch):
    nbs.write(nbs.solved(), tmp_path / "in" / "a.ipynb")
    result = refused(tmp_path / "in", "--out", tmp_path / "out", "--shard", "0/2")
    assert result.returncode == 2 and "--shard needs --seed" in result.stderr
    for name in shards.INDEX_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    result = refused(tmp_path / "in", "--out", tmp_path / "out", "--shard", "auto/2", "--seed", "1")
    assert result.returncode == 2 and "neither JOB_COMPLETION_INDEX nor SLURM_ARRAY_TASK_ID is set" in result.stderr


def test_a_run_with_a_seed_resumes_only_a_journal_of_that_seed(tmp_path):
    nbs.write(nbs.solved(), tmp_path / "in" / "a.ipynb")
    out = tmp_path / "out"
    out.mkdir()
    kept = {"submission": "a.ipynb", "path": str((tmp_path / "in" / "a.ipynb").resolve()), "status": "graded",
            "message": "from the journal", "total": 0, "max": sum(nbs.GRADED.values()), "warnings": [], "review": [],
            "output": "",
            "exercises": {e: {"points": 0, "max_points": p, "passed": False, "status": "failed", "feedback": "old"}
                          for e, p in nbs.GRADED.items()}}
    reports.Journal(out / reports.JOURNAL, [kept], {"seed_sha256": shards.seed_digest(1)}).close(remove=False)
    result = grader(tmp_path / "in", "--out", out, "--timeout", TIMEOUT, "--seed", "2")
    assert result.returncode == 0, result.stderr
    assert "Not resuming" in result.stderr and "another seed" in result.stderr
    assert outputs(out).rows["a.ipynb"]["total"] == sum(nbs.GRADED.values())  # graded again, on seed 2's cases
