"""The grader's own words to a student (feedback files, the feedback of grades.csv/json), in the language of
``python -m public_tests grade --language ko``: the messages ``grader.*`` of ``gc_utils.locales``, where every
language keeps all its texts in one file (``gc_utils.i18n``).

The tests' messages inside that feedback come from ``public_tests.messages`` in the same language; what the
sandbox reports about a run (a timeout's cause, why a function is missing) is worded by the scheduler, the child
and the extractor in English, and ``reason`` says it in the current language when it is one of their sentences
(``REASONS``).
"""

from __future__ import annotations

import re

from gc_utils import i18n

text = i18n.Namespace("grader")
"""The grader's message ``key`` (``grader.key``) in the current language: ``text(key, **fields)``."""

REASONS: list[tuple[re.Pattern, str]] = [(re.compile(pattern), key) for pattern, key in [
    # gc_grader.scheduler: how a child ended without finishing (describe_exit, _fail, _finish)
    (r"no answer within (?P<seconds>[\d.]+) s while defining the function", "reason.no_answer_defining"),
    (r"no answer within (?P<seconds>[\d.]+) s while running (?P<exercise>\w+)", "reason.no_answer_running"),
    (r"no answer within (?P<seconds>[\d.]+) s while defining the function, after more than (?P<kib>\d+) KiB of "
     r"output", "reason.no_answer_defining_output"),
    (r"no answer within (?P<seconds>[\d.]+) s while running (?P<exercise>\w+), after more than (?P<kib>\d+) KiB of "
     r"output", "reason.no_answer_running_output"),
    (r"the process was stopped by (?P<signal>\w+) \(time limit\)", "reason.time_limit"),
    (r"the kernel stopped the process: .* more than the (?P<mib>\d+) MiB the grader gives a submission",
     "reason.memory"),
    (r"the process was killed \(SIGKILL\)", "reason.killed"),
    (r"the process crashed \((?P<signal>[\w ]+)\)", "reason.crashed"),
    (r"the grader's side of the process failed \(exit code 70\)", "reason.grader_side"),
    (r"the process exited with code (?P<code>-?\d+) before finishing \(os\._exit\? a crash of the interpreter\?\)",
     "reason.exited"),
    (r"the process ended without reporting", "reason.no_report"),
    (r"reading it failed \((?P<error>\w+)\)", "reason.unreadable"),
    (r"the process sent something that is not a result \((?P<error>.*)\)", "reason.not_a_result"),
    (r"the grader could not start a process for it", "reason.not_started"),
    # gc_grader.child: the definition, and what the code changed
    (r"its definition did not run", "reason.definition_not_run"),
    (r"the code changed (?P<changes>.*) while being defined", "reason.changed_defining"),
    (r"the code changed (?P<changes>.*) while running", "reason.changed_running"),
    # gc_grader.extract: why an exercise has no function to run
    (r"No definition of `(?P<exercise>\w+)` was found in the notebook\.", "reason.no_definition"),
    (r"The cell that defines `(?P<exercise>\w+)` \(cell (?P<cell>\d+)\) has (?P<problem>.*)\.", "reason.cell_broken"),
    (r"a syntax error in line (?P<line>\d+): (?P<error>.*)", "reason.syntax_error"),
    (r"a %%(?P<magic>\w+) cell \(not Python\)", "reason.magic_cell"),
]]
"""The sandbox's and the extractor's own sentences (a regular expression of the whole English text) and the id of
their message (its English text is the sentence), filled with the named groups."""


def reason(said: str) -> str:
    """``said``, a reason worded by the grader's processes, in the current language (as it is when not one of
    ``REASONS``)."""
    if i18n.get_language() == i18n.DEFAULT:
        return said
    english_suffix = i18n.template("grader.reason.while_defining", i18n.DEFAULT)
    english, suffix = ((said[:-len(english_suffix)], text("reason.while_defining")) if said.endswith(english_suffix)
                       else (said, ""))
    for pattern, key in REASONS:
        match = pattern.fullmatch(english)
        if match:
            fields = {name: reason(value) if name == "problem" else value for name, value in match.groupdict().items()}
            return text(key, **fields) + suffix
    return said
