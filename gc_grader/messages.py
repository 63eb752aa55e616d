"""The grader's own words to a student (feedback files, the feedback of grades.csv/json), keyed by message id, in
English and Korean: ``python -m public_tests grade --language ko``.

The tests' messages inside that feedback come from ``public_tests.messages`` in the same language; what the
sandbox reports about a run (a timeout's cause, why a function is missing) stays as the scheduler words it.
``tests/test_messages.py`` fails when an id has no Korean text or its format fields differ from the English one's.
"""

from __future__ import annotations

from gc_utils import i18n

EN: dict[str, str] = {
    # ------------------------------------------------------------------------ an exercise (grader.py)
    "exercise.not_judged": "The grader could not judge what `{exercise}` sent back ({error_type}): it is not what "
                           "a run of the function sends.",
    "exercise.memory": "(The grader gives each submission {memory_mib} MiB of memory.)",
    "exercise.missing": "`{exercise}` was not defined when the notebook's code ran ({why}).",
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
