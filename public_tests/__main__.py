"""``python -m public_tests grade PATH...``: the instructors' grader, which lives in the package ``gc_grader``.

A student release holds no grader; there the command says so instead of failing on an import.
"""

import sys

if __name__ == "__main__":
    try:
        from gc_grader.__main__ import run
    except ImportError as error:
        if error.name != "gc_grader":
            raise
        sys.exit("python -m public_tests grade: the grader (the package gc_grader) is not installed here; it is "
                 "part of the lesson's repository, not of a student release.")
    sys.exit(run(sys.argv[1:]))
