"""``python -m public_tests grade PATH...``: see ``public_tests.grading.grader``."""

import sys

from .grading.forkserver import start_ahead

if __name__ == "__main__":
    start_ahead(sys.argv[1:])  # before the grader's imports, which take as long as the server's start
    from .grading.grader import main

    sys.exit(main())
