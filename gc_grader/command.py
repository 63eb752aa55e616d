"""The command line: ``python -m public_tests grade|merge|autograder`` (``python -m gc_grader`` too)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from gc_utils import i18n

from . import formats, isolation, merge, reports, sandbox, shards
from .assignment import SOURCE_NOTEBOOK
from .grader import DEFAULT_OUT, grade
from .isolation import UsageError
from .notebook_file import MAX_NOTEBOOK_BYTES


def build_parser() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The command's parser and its ``grade`` subcommand's."""
    parser = argparse.ArgumentParser(prog="python -m public_tests", description="Tools of the public tests.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    grade_parser = commands.add_parser(
        "grade", help="grade submitted notebooks",
        description="Grade submitted notebooks: each exercise of each submission runs in a bubblewrap sandbox of "
                    "its own, on the public tests' cases drawn anew for this run; the results are judged here.",
        epilog="Outputs: DIR/grades.csv, DIR/grades.json, DIR/feedback/*.md. Exit status 0 when every submission "
               "has its row; 1 when the sandbox cannot start; 2 for a usage error such as a missing PATH, or when "
               "another run holds DIR.")
    grade_parser.add_argument("paths", nargs="+", metavar="PATH", help="a notebook, or a folder searched for .ipynb")
    grade_parser.add_argument("--out", default=DEFAULT_OUT, metavar="DIR", help=f"output folder ({DEFAULT_OUT})")
    grade_parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                              help="wall-clock limit for defining a function and again for running it (10)")
    grade_parser.add_argument("--jobs", type=int, default=None, metavar="N",
                              help="submissions graded at once, one exercise each (the number of cores + 1)")
    grade_parser.add_argument("--points", nargs="+", action="extend", default=[], metavar="EX=P",
                              help="points of an exercise, overriding the source notebook's; 0 leaves it out "
                                   "(put it after the PATHs)")
    grade_parser.add_argument("--memory", type=int, default=1024, metavar="MIB",
                              help="memory each exercise may use on top of NumPy's (1024)")
    grade_parser.add_argument("--max-size", type=float, default=MAX_NOTEBOOK_BYTES / 2**20, metavar="MIB",
                              help="larger notebooks are not read (64)")
    grade_parser.add_argument("--source", default=str(SOURCE_NOTEBOOK), metavar="NOTEBOOK",
                              help="the source notebook whose nbgrader metadata gives the points")
    grade_parser.add_argument("--language", choices=i18n.LANGUAGES, default="en",
                              help="language of the feedback in grades.csv/json and feedback/*.md (en)")
    grade_parser.add_argument("--sandbox", choices=isolation.MODES, default="bubblewrap",
                              help="bubblewrap (the default); container: inside a container that holds one "
                                   "platform's submission, each exercise as an unprivileged user; none: no sandbox "
                                   "(only for trusted work; loudly warned)")
    grade_parser.add_argument("--unsafe-no-sandbox", dest="sandbox", action="store_const", const="none",
                              help="the same as --sandbox none")
    grade_parser.add_argument("--run-as", default=None, metavar="USER",
                              help="with --sandbox container or none: the user exercises run as (as root: nobody)")
    formats.add_arguments(grade_parser)  # --format, --roster, --assignment
    shards.add_arguments(grade_parser)  # --seed, --shard
    merge.add_parser(commands)  # the `merge` command, for the output folders of a run's shards
    from .platforms import PLATFORMS

    autograder = commands.add_parser(
        "autograder", help="write what a grading platform takes (Gradescope, PrairieLearn, Coursera)",
        description="Write into DIR what PLATFORM's autograder takes: the lesson's packages (no solution), the "
                    "points of each exercise, and the platform's scripts, which grade each submission with "
                    "--sandbox container. docs/grading.md says how to install it on each platform.")
    autograder.add_argument("platform", choices=PLATFORMS, metavar="PLATFORM", help=", ".join(PLATFORMS))
    autograder.add_argument("target", metavar="DIR", help="a new or empty folder")
    autograder.add_argument("--source", default=str(SOURCE_NOTEBOOK), metavar="NOTEBOOK",
                            help="the solution edition whose nbgrader metadata gives the points")
    return parser, grade_parser


def write_autograder(args: argparse.Namespace) -> int:
    """``autograder PLATFORM DIR``: the platform's package, or why it cannot be written (exit status 2)."""
    from .platforms import write_package

    try:
        written = write_package(args.platform, Path(args.target), source=Path(args.source))
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"Wrote the {args.platform} package into {args.target}: {len(written)} files (docs/grading.md, "
          f"\"Platforms\", says what to do with it).")
    return 0


def _grade_options(args: argparse.Namespace, grade_parser: argparse.ArgumentParser) -> dict:
    """The keyword arguments of ``grade`` from the command line, each checked: a wrong one ends the command here
    with a usage error (exit 2) that names it, before anything runs."""
    if args.timeout <= 0 or (args.jobs is not None and args.jobs < 1) or args.memory < 64 or args.max_size <= 0:
        grade_parser.error("--timeout and --max-size must be positive, --jobs at least 1, --memory at least 64 (MiB)")
    source = Path(args.source) if args.source else None
    if source is not None and source != SOURCE_NOTEBOOK and not source.is_file():
        grade_parser.error(f"--source {args.source}: no such file (a solution edition, or an assignment.json)")
    try:
        seed = shards.parse_seed(args.seed) if args.seed is not None else None
        shard = shards.parse_shard(args.shard) if args.shard is not None else None
        outputs = formats.Request.make(args.formats, args.roster, args.assignment)
    except ValueError as error:
        grade_parser.error(str(error))
    return {"timeout": args.timeout, "jobs": args.jobs, "points": args.points, "memory_mib": args.memory,
            "max_size_mib": args.max_size, "source": source, "run_as": args.run_as, "sandbox_mode": args.sandbox,
            "language": args.language, "seed": seed, "shard": shard, "outputs": outputs}


def _summary(rows: list[dict], options: dict, out: str) -> str:
    """The line printed when a run ends: how many rows, graded or not, with full marks, and what was written."""
    graded = sum(r["status"] in ("graded", "truncated") for r in rows)
    full = sum(r["total"] == r["max"] for r in rows)
    shard, seed = options["shard"], options["seed"]
    part = f" (shard {shard} of the run with seed {seed})" if shard is not None else ""
    extra = "".join(f", {formats.FORMATS[f]}" for f in options["outputs"].formats)
    return (f"{len(rows)} submissions{part}: {graded} graded, {len(rows) - graded} not gradable, {full} with full "
            f"marks. Wrote {Path(out) / 'grades.csv'}, grades.json{extra} and feedback/.")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; its exit status: 0 when every submission has its row, 1 when the sandbox cannot start or
    an output cannot be written, 2 for a usage error or an output folder another run holds, 130 when
    interrupted."""
    parser, grade_parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "merge":
        return merge.main(args)
    if args.command == "autograder":
        return write_autograder(args)
    options = _grade_options(args, grade_parser)
    try:
        rows = grade(args.paths, args.out, **options)
    except UsageError as error:
        grade_parser.error(str(error))
    except reports.OutputBusy as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except sandbox.SandboxUnavailable as error:
        print(f"error: nothing was graded: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the rows graded so far are in the output folder; run again to resume", file=sys.stderr)
        return 130
    print(_summary(rows, options, args.out))
    return 0
