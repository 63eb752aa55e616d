"""``python -m gc_grader grade PATH...`` (also ``python -m public_tests grade``): see ``gc_grader.command``."""

import os
import sys

from .forkclient import start_ahead
from .sandbox import one_blas_thread


def run(argv: list[str]) -> int:
    """The command: the fork server started first, then the grader's imports, which take as long as its start; NumPy
    on one BLAS thread in this process (``one_blas_thread``)."""
    one_blas_thread(os.environ)
    start_ahead(argv)
    from .command import main

    return main(argv)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
