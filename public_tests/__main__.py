"""``python -m public_tests grade PATH...``: see ``public_tests.grading.grader``."""

import sys

from .grading.grader import main

if __name__ == "__main__":
    sys.exit(main())
