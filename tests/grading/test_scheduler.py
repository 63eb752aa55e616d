"""The scheduler on its own (``gc_grader.scheduler``): tasks in, one ``TaskResult`` per task out, each exercise's run
told by what its child did. One scheduler serves the module (a fork server costs ~0.5 s to start), unsandboxed: what
is checked here is the scheduling and the protocol, not the walls (``test_attacks``, ``test_forking``)."""

from __future__ import annotations

import json
import os

import pytest

from gc_grader.jobs import OUTPUT_BYTES, Limits, Task, TaskResult
from gc_grader.scheduler import OUTPUT_KEPT, Scheduler
from public_tests.cases import build_cases

SEED = 20_261_207
EXERCISES = ("forward_propagation", "backward_propagation")
COUNTS = {e: len(build_cases(e, SEED)) for e in EXERCISES}
CORRECT = {"forward_propagation": "def forward_propagation(x, theta):\n    return theta * x\n",
           "backward_propagation": "def backward_propagation(x, theta):\n    return x\n"}
FORGE = ("import os\n"
         "for fd in range(3, 64):\n"
         "    try:\n"
         "        os.write(fd, {line!r})\n"
         "    except OSError:\n"
         "        pass\n")
"""Code that writes ``line`` to every descriptor it may write to: among them, its result pipe."""


def program(exercise: str, source: str) -> list[dict]:
    return [{"cell": 1, "kind": "definition", "source": source, "defines": [exercise]}]


def task(key: str, **sources: str) -> Task:
    """A task of the exercises named, each defined by its source (the correct one where it is ``None``)."""
    return Task(key, {e: program(e, CORRECT[e] if s is None else s) for e, s in sources.items()})


@pytest.fixture(scope="module")
def scheduler():
    with Scheduler(2, Limits(timeout=1.0), SEED, COUNTS, bwrap=None) as made:
        yield made


def run(scheduler: Scheduler, *tasks: Task) -> dict[str, TaskResult]:
    results: dict[str, TaskResult] = {}

    def on_result(result: TaskResult) -> None:
        assert result.key not in results, "a task came back twice"
        results[result.key] = result

    scheduler.run(tasks, on_result)
    assert sorted(results) == sorted(t.key for t in tasks)
    return results


def test_each_exercise_comes_back_once_with_one_outcome_per_case(scheduler):
    results = run(scheduler, task("a", forward_propagation=None, backward_propagation=None),
                  task("b", backward_propagation=None), Task("empty", {}))
    for key, exercises in (("a", EXERCISES), ("b", ("backward_propagation",))):
        runs = results[key].runs
        assert list(runs) == list(exercises)
        for exercise in exercises:
            assert runs[exercise].status == "ran" and len(runs[exercise].outcomes) == COUNTS[exercise]
        assert results[key].processes == len(exercises)  # a child per exercise
    assert results["empty"].runs == {} and results["empty"].processes == 0


def test_the_outcomes_are_what_the_function_returned_on_the_run_s_cases(scheduler):
    runs = run(scheduler, task("a", forward_propagation=None))["a"].runs
    for case, outcome in zip(build_cases("forward_propagation", SEED), runs["forward_propagation"].outcomes):
        x, theta = case.args
        assert outcome.error_type is None and outcome.value == ("scalar", float(theta * x))


def test_a_child_that_never_answers_is_timed_out_and_the_next_exercise_still_runs(scheduler):
    runs = run(scheduler, task("a", forward_propagation="while True:\n    pass\n", backward_propagation=None))["a"].runs
    assert runs["forward_propagation"].status == "timeout"
    assert runs["forward_propagation"].message == "no answer within 1 s while defining the function"  # silent
    assert runs["backward_propagation"].status == "ran"


def test_a_child_that_exits_is_told_by_its_exit_code(scheduler):
    runs = run(scheduler, task("a", forward_propagation="import os\nos._exit(3)\n"))["a"].runs
    assert runs["forward_propagation"].status == "exited" and "code 3" in runs["forward_propagation"].message


@pytest.mark.parametrize("line, said", [
    ({"type": "done"}, "unexpected message of type 'done'"),
    ({"type": "result", "exercise": "forward_propagation", "outcomes": []}, "unexpected message of type 'result'"),
    ("not json", "not JSON"),
    ({"no": "type"}, "not a message"),
])
def test_a_message_out_of_the_protocol_s_order_makes_the_exercise_malformed(scheduler, line, said):
    """Before it has said ``defined``, a child may say nothing else; and every line must be a typed JSON object."""
    data = (line if isinstance(line, str) else json.dumps(line)).encode() + b"\n"
    source = FORGE.format(line=data) + CORRECT["forward_propagation"]
    runs = run(scheduler, task("a", forward_propagation=source, backward_propagation=None))["a"].runs
    assert runs["forward_propagation"].status == "malformed" and said in runs["forward_propagation"].message
    assert runs["backward_propagation"].status == "ran"  # its next exercise: a fresh child


def test_a_result_with_too_few_outcomes_is_malformed_even_in_order(scheduler):
    """A child that answers in order but leaves out a case (here: from the submission's code, which shares the
    child's process) gets no verdict on the cases it sent."""
    forged = "\n".join(json.dumps(m) for m in ({"type": "defined", "notes": []},
                                                 {"type": "result", "exercise": "forward_propagation",
                                                  "outcomes": [], "observed": []})) + "\n"
    source = FORGE.format(line=forged.encode()) + CORRECT["forward_propagation"]
    runs = run(scheduler, task("a", forward_propagation=source))["a"].runs
    assert runs["forward_propagation"].status == "malformed"
    assert "not one outcome per case" in runs["forward_propagation"].message


def test_output_is_kept_up_to_its_limit_and_a_flood_costs_nothing_else(scheduler):
    """Past the limit the pipe is closed: the statement that floods fails (EPIPE), the next ones run."""
    flood = {"cell": 1, "kind": "definition", "defines": [],
             "source": f"import sys\nsys.stdout.write('x' * {4 * OUTPUT_BYTES})\nsys.stdout.flush()\n"}
    programs = {"forward_propagation": [flood, *program("forward_propagation", CORRECT["forward_propagation"])]}
    results = run(scheduler, Task("a", programs))
    kept, _, said = results["a"].output.partition("\n[output cut: ")
    assert kept == "x" * OUTPUT_KEPT and said.startswith("forward_propagation wrote more than 256 KiB")
    assert results["a"].runs["forward_propagation"].status == "ran"
    assert any("BrokenPipeError" in note for note in results["a"].notes)


def test_many_tasks_each_get_their_own_result(scheduler):
    tasks = [task(str(n), forward_propagation=None) for n in range(7)]
    results = run(scheduler, *tasks)
    assert all(results[t.key].runs["forward_propagation"].status == "ran" for t in tasks)


def test_no_child_is_left_once_the_scheduler_is_closed():
    with Scheduler(1, Limits(timeout=1.0), SEED, COUNTS, bwrap=None) as made:
        run(made, task("a", forward_propagation="import os\nos.setsid = None\n" + CORRECT["forward_propagation"]))
        server = made.server.process.pid
    with pytest.raises(ProcessLookupError):
        os.kill(server, 0)


def test_a_timeout_says_what_the_child_did_and_guesses_nothing(scheduler):
    """Past its output limit, a child that does not finish is said to have written that much (a silent one is not:
    ``test_a_child_that_never_answers_is_timed_out_and_the_next_exercise_still_runs``)."""
    endless = "import os\nwhile True:\n    try:\n        os.write(1, b'x' * 4096)\n    except OSError:\n        pass\n"
    loud = run(scheduler, task("b", forward_propagation=endless))["b"].runs["forward_propagation"]
    assert loud.status == "timeout"
    kib = OUTPUT_BYTES // 1024
    assert loud.message == f"no answer within 1 s while defining the function, after more than {kib} KiB of output"
