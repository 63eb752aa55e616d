"""The grader's own words to a student (feedback files, the feedback of grades.csv/json), keyed by message id, in
English and Korean: ``python -m public_tests grade --language ko``.

The tests' messages inside that feedback come from ``public_tests.messages`` in the same language; what the
sandbox reports about a run (a timeout's cause, why a function is missing) is worded by the scheduler, the child
and the extractor in English, and ``reason`` says it in Korean when it is one of their sentences (``REASONS``).
``tests/test_messages.py`` fails when an id has no Korean text or its format fields differ from the English one's.
"""

from __future__ import annotations

import re

from gc_utils import i18n

EN: dict[str, str] = {
    # ------------------------------------------------------------------------ an exercise (grader.py)
    "exercise.not_judged": "The grader could not judge what `{exercise}` sent back ({error_type}): it is not what "
                           "a run of the function sends.",
    "exercise.memory": "(The grader gives each submission {memory_mib} MiB of memory.)",
    "exercise.missing": "`{exercise}` was not defined when the notebook's code ran ({why}).",
    "exercise.not_implemented": "`{exercise}` is not implemented: its cell still raises NotImplementedError, as "
                                "it was handed out.",
    "exercise.timeout": "`{exercise}` did not finish: {why}. An endless loop, or endless output?",
    "exercise.sabotaged": "`{exercise}` was not judged: {why}. A graded function must compute its result, not "
                          "change the interpreter, NumPy or the helper modules.",
    "exercise.other": "`{exercise}` could not be judged: {why}.",
    "submission.linked": "The file is the instructor's solution edition (a hard link to it), not a submission.",
    "submission.duplicate": "The file is the same file as the submission {first} (a hard link, or a second path to "
                            "one file): it is graded once, under that name.",
    "submission.wrong_assignment": "None of the graded functions ({functions}) is defined: is this the Gradient "
                                   "Checking assignment?",
    # ------------------------------------------------------------------------ the feedback file (reports.py)
    "feedback.title": "# Gradient Checking: feedback",
    "feedback.submission": "Submission: `{name}`",
    "feedback.not_graded": "Your notebook could not be graded:",
    "feedback.total": "**Total: {total} / {max} points**",
    "feedback.table": "| Exercise | Points | Result |",
    "feedback.passed": "passed",
    "status.failed": "failed",
    "status.missing": "missing",
    "status.not_implemented": "not implemented",
    "status.timeout": "timeout",
    "status.crashed": "crashed",
    "status.exited": "exited",
    "status.malformed": "malformed",
    "status.sabotaged": "sabotaged",
    "status.error": "error",
    "feedback.cases": "Your functions were run on the public tests' cases, with the randomly drawn ones drawn anew "
                      "for this grading run.",
    "feedback.notes": "## Notes",
}

KO: dict[str, str] = {
    "exercise.not_judged": "채점기가 `{exercise}` 함수가 돌려보낸 것을 판정하지 못했습니다({error_type}): 함수를 "
                           "실행해서 돌려보낼 수 있는 결과가 아닙니다.",
    "exercise.memory": "(채점기는 제출물마다 메모리를 {memory_mib} MiB까지 줍니다.)",
    "exercise.missing": "노트북의 코드를 실행했을 때 `{exercise}` 함수가 정의되지 않았습니다({why}).",
    "exercise.not_implemented": "`{exercise}` 함수는 구현되지 않았습니다: 나누어 준 그대로 그 셀이 아직 "
                                "NotImplementedError를 일으킵니다.",
    "exercise.timeout": "`{exercise}` 함수가 끝나지 않았습니다: {why}. 끝없는 반복문이나 끝없는 출력이 있나요?",
    "exercise.sabotaged": "`{exercise}` 함수는 판정하지 않았습니다: {why}. 채점되는 함수는 결과를 계산해야 하며, "
                          "인터프리터나 NumPy, 도우미 모듈을 바꾸면 안 됩니다.",
    "exercise.other": "`{exercise}` 함수를 판정할 수 없었습니다: {why}.",
    "submission.linked": "이 파일은 제출물이 아니라 강사의 해답판(그 파일의 하드 링크)입니다.",
    "submission.duplicate": "이 파일은 다른 제출물과 같은 파일입니다(하드 링크이거나 한 파일에 이르는 두 번째 "
                            "경로): {first}. 한 번만, 그 이름으로 채점합니다.",
    "submission.wrong_assignment": "채점되는 함수({functions}) 중 어느 것도 정의되어 있지 않습니다: 경사 "
                                   "검사(Gradient Checking) 과제가 맞나요?",
    "feedback.title": "# 경사 검사(Gradient Checking): 피드백",
    "feedback.submission": "제출물: `{name}`",
    "feedback.not_graded": "노트북을 채점할 수 없었습니다:",
    "feedback.total": "**총점: {total} / {max}점**",
    "feedback.table": "| 연습 | 점수 | 결과 |",
    "feedback.passed": "통과",
    "status.failed": "실패",
    "status.missing": "없음",
    "status.not_implemented": "구현되지 않음",
    "status.timeout": "시간 초과",
    "status.crashed": "비정상 종료",
    "status.exited": "중간에 끝남",
    "status.malformed": "잘못된 결과",
    "status.sabotaged": "조작",
    "status.error": "채점기 오류",
    "feedback.cases": "여러분의 함수는 공개 테스트의 사례로 실행되었고, 무작위 사례는 이번 채점을 위해 새로 "
                      "뽑았습니다.",
    "feedback.notes": "## 참고",
}

CATALOGUE: dict[str, dict[str, str]] = {"en": EN, "ko": KO}


def text(key: str, /, **fields: object) -> str:
    """The grader's message ``key`` in the current language, with ``fields`` filled in."""
    return i18n.text(CATALOGUE, key, **fields)


REASONS: list[tuple[re.Pattern, str]] = [(re.compile(pattern), korean) for pattern, korean in [
    # gc_grader.scheduler: how a child ended without finishing (describe_exit, _fail, _finish)
    (r"no answer within (?P<seconds>[\d.]+) s while defining the function",
     "{seconds}초 안에 답이 없었습니다(함수를 정의하는 중)"),
    (r"no answer within (?P<seconds>[\d.]+) s while running (?P<exercise>\w+)",
     "{seconds}초 안에 답이 없었습니다({exercise} 실행 중)"),
    (r"the process was stopped by (?P<signal>\w+) \(time limit\)",
     "시간 제한에 걸려 프로세스가 멈췄습니다({signal})"),
    (r"the kernel stopped the process: .* more than the (?P<mib>\d+) MiB the grader gives a submission",
     "운영체제가 프로세스를 멈췄습니다: 메모리(공유 메모리와 /tmp의 파일 포함)가 채점기가 제출물에 주는 {mib} MiB보다 "
     "더 필요했습니다"),
    (r"the process was killed \(SIGKILL\)", "프로세스가 강제로 종료되었습니다(SIGKILL)"),
    (r"the process crashed \((?P<signal>[\w ]+)\)", "프로세스가 비정상 종료되었습니다({signal})"),
    (r"the grader's side of the process failed \(exit code 70\)",
     "프로세스에서 채점기 쪽 코드가 실패했습니다(종료 코드 70)"),
    (r"the process exited with code (?P<code>-?\d+) before finishing \(os\._exit\? a crash of the interpreter\?\)",
     "프로세스가 끝나기 전에 종료되었습니다(종료 코드 {code}: os._exit? 인터프리터의 충돌?)"),
    (r"the process ended without reporting", "프로세스가 결과를 알리지 않고 끝났습니다"),
    (r"reading it failed \((?P<error>\w+)\)", "결과를 읽지 못했습니다({error})"),
    (r"the process sent something that is not a result \((?P<error>.*)\)",
     "프로세스가 결과가 아닌 것을 보냈습니다({error})"),
    (r"the grader could not start a process for it", "채점기가 이 연습을 실행할 프로세스를 시작하지 못했습니다"),
    # gc_grader.child: the definition, and what the code changed
    (r"its definition did not run", "정의하는 코드가 실행되지 않았습니다"),
    (r"the code changed (?P<changes>.*) while being defined", "함수를 정의하는 동안 코드가 바꾼 것: {changes}"),
    (r"the code changed (?P<changes>.*) while running", "함수를 실행하는 동안 코드가 바꾼 것: {changes}"),
    # gc_grader.extract: why an exercise has no function to run
    (r"No definition of `(?P<exercise>\w+)` was found in the notebook\.",
     "노트북에서 `{exercise}` 함수의 정의를 찾지 못했습니다."),
    (r"The cell that defines `(?P<exercise>\w+)` \(cell (?P<cell>\d+)\) has (?P<problem>.*)\.",
     "`{exercise}` 함수를 정의하는 셀(셀 {cell})을 실행할 수 없습니다: {problem}."),
    (r"a syntax error in line (?P<line>\d+): (?P<error>.*)", "{line}번째 줄의 문법 오류({error})"),
    (r"a %%(?P<magic>\w+) cell \(not Python\)", "%%{magic} 셀(파이썬 코드가 아님)"),
]]
"""The sandbox's and the extractor's own sentences (a regular expression of the whole English text) and their Korean
text, filled with the named groups."""
_SUFFIX = (" (while defining the function)", " (함수를 정의하는 중)")


def reason(text: str) -> str:
    """``text``, a reason worded by the grader's processes, in the current language (as it is when not one of
    ``REASONS``)."""
    if i18n.get_language() != "ko":
        return text
    english, suffix = (text[:-len(_SUFFIX[0])], _SUFFIX[1]) if text.endswith(_SUFFIX[0]) else (text, "")
    for pattern, korean in REASONS:
        match = pattern.fullmatch(english)
        if match:
            fields = {name: reason(value) if name == "problem" else value for name, value in match.groupdict().items()}
            return korean.format(**fields) + suffix
    return text
