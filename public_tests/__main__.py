"""``python -m public_tests grade PATH...``: see ``public_tests.grader``."""

import sys

from .grader import main

if __name__ == "__main__":
    sys.exit(main())
