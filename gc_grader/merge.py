"""``python -m public_tests merge OUT_0 OUT_1 ... --out OUT``: the outputs of a run's shards made one.

Each shard (``grade ... --out OUT_K --shard K/N --seed S``, see ``gc_grader.shards``) records in its grades.json
which shard it is (``run.shard``: K, N, how many submissions the whole run has, a digest of their names, and the
places of its own among them) and, once it finished, the seed. ``merge`` reads those, refuses what a single run
could not have made — shards of different seeds, splits, submissions, exercises or points, settings that change a
verdict (language, time and memory limits, the sandbox), a shard given twice or missing, a shard that has not
finished — and writes what a single run with seed S would have written: grades.csv and grades.json (the same rows
in the same order), every feedback file, and the formats the shards were asked for (or ``--format``'s). The rows are
the shards' own; the feedback files and formats are made from them by the same functions a run uses.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gc_utils import i18n

from . import formats, reports

SAME_SETTINGS = ("language", "timeout_seconds", "memory_mib", "sandboxed")
"""Settings of a run that can change a row: shards that differ in one are not one run."""


class MergeError(ValueError):
    """The folders cannot be merged into what one run would have made; the message says why."""


@dataclass
class Part:
    """One shard's outputs: its folder, its grades.json, and what it says of the shard."""

    folder: Path
    document: dict
    shard: dict

    @property
    def run(self) -> dict:
        return self.document["run"]

    @property
    def label(self) -> str:
        return f"{self.folder} (shard {self.shard['index']}/{self.shard['count']})"


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def read_part(folder: Path) -> Part:
    """The shard whose outputs are in ``folder``.

    Parameters
    ----------
    folder : Path
        The output folder of ``grade ... --shard K/N``.

    Returns
    -------
    Part

    Raises
    ------
    MergeError
        When ``folder`` holds no grades.json of a grading run, or that of a whole run, or of a shard that has not
        finished, or one whose shard or rows are not what the grader records.
    """
    path = Path(folder) / "grades.json"
    document = _grades_of_a_run(folder, path)
    shard = _shard_of(folder, path, document["run"])
    _check_finished(folder, document, shard)
    _check_rows(path, document["submissions"])
    return Part(Path(folder), document, shard)


def _grades_of_a_run(folder: Path, path: Path) -> dict:
    """The document in grades.json ``path`` of ``folder``; MergeError unless it has a run, exercises and rows."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MergeError(f"{folder}: no grades.json: not the output folder of a grading run") from None
    except (OSError, ValueError) as error:
        raise MergeError(f"{path}: cannot be read as JSON ({error})") from None
    if not (isinstance(document, dict) and isinstance(document.get("run"), dict)
            and isinstance(document.get("exercises"), dict) and isinstance(document.get("submissions"), list)):
        raise MergeError(f"{path}: not the grades.json of a grading run")
    return document


def _shard_of(folder: Path, path: Path, run: dict) -> dict:
    """``run.shard``; MergeError when the run was not a shard, or its record is not the grader's."""
    shard = run.get("shard")
    if shard is None:
        raise MergeError(f"{folder}: not a shard: it was graded without --shard K/N (a whole run needs no merge)")
    if not _is_shard(shard):
        raise MergeError(f"{path}: its run.shard is not what the grader records")
    return shard


def _is_shard(shard: object) -> bool:
    """Whether ``shard`` is what the grader records as ``run.shard``: shard K of N (K < N), how many submissions
    the whole run has, a digest of their names, and the places of the shard's own among them."""
    if not (isinstance(shard, dict) and _is_count(shard.get("index")) and _is_count(shard.get("count"))
            and _is_count(shard.get("of_submissions"))):
        return False
    places = shard.get("positions")
    return (shard["index"] < shard["count"] and isinstance(shard.get("submissions_sha256"), str)
            and isinstance(places, list) and all(_is_count(p) and p < shard["of_submissions"] for p in places))


def _check_finished(folder: Path, document: dict, shard: dict) -> None:
    """MergeError unless the shard's run is over: no journal left, a seed recorded, a row for each submission."""
    rows, run = document["submissions"], document["run"]
    if (Path(folder) / reports.JOURNAL).exists() or "seed" not in run or len(rows) != len(shard["positions"]):
        raise MergeError(f"{folder}: shard {shard['index']}/{shard['count']} has not finished ({len(rows)} of "
                         f"{len(shard['positions'])} rows): run its command again, and it resumes where it stopped")


def _check_rows(path: Path, rows: list) -> None:
    """MergeError unless each row names its submission and holds its exercises."""
    if not all(isinstance(r, dict) and isinstance(r.get("submission"), str) and isinstance(r.get("exercises"), dict)
               for r in rows):
        raise MergeError(f"{path}: its rows are not what the grader writes")


def check(parts: Sequence[Part]) -> None:
    """MergeError unless ``parts`` are the N shards of one run, each once (see the module docstring)."""
    _same(parts, "their split (N of --shard K/N)", lambda p: p.shard["count"])
    _same(parts, "their seed (--seed)", lambda p: p.run["seed"])
    _same(parts, "the submissions they found (the PATHs given, or files added or removed between the shards)",
          lambda p: [p.shard["of_submissions"], p.shard["submissions_sha256"]])
    _same(parts, "the exercises and points", lambda p: list(p.document["exercises"].items()))
    for setting in SAME_SETTINGS:
        _same(parts, f"the setting {setting}", functools.partial(_setting, name=setting))
    _check_each_shard_once(parts)
    _check_each_submission_once(parts)


def _same(parts: Sequence[Part], what: str, value: Callable[[Part], object]) -> None:
    """MergeError unless ``value`` of every part is the same (compared as JSON), naming the parts of each value."""
    values: dict[str, list[str]] = {}
    for part in parts:
        values.setdefault(json.dumps(value(part), sort_keys=True), []).append(part.label)
    if len(values) > 1:
        shown = "; ".join(f"{', '.join(labels)}: {key}" for key, labels in values.items())
        raise MergeError(f"the shards differ in {what}, so they are not parts of one run: {shown}")


def _setting(part: Part, name: str) -> object:
    return part.run.get(name)


def _check_each_shard_once(parts: Sequence[Part]) -> None:
    """MergeError when a shard of the N is given twice, or not at all."""
    count = parts[0].shard["count"]
    given: dict[int, list[str]] = {}
    for part in parts:
        given.setdefault(part.shard["index"], []).append(str(part.folder))
    twice = {index: folders for index, folders in given.items() if len(folders) > 1}
    if twice:
        raise MergeError("a shard is given more than once: " + "; ".join(
            f"shard {index}/{count} in {', '.join(folders)}" for index, folders in sorted(twice.items())))
    missing = [index for index in range(count) if index not in given]
    if missing:
        raise MergeError(f"shard(s) {', '.join(map(str, missing))} of {count} are missing: merge needs the output "
                         f"folder of every shard 0 to {count - 1}")


def _check_each_submission_once(parts: Sequence[Part]) -> None:
    """MergeError unless the shards' places cover every submission of the run, each once."""
    seen: set[int] = set()
    for part in parts:
        places = set(part.shard["positions"])
        if len(places) != len(part.shard["positions"]) or places & seen:
            raise MergeError(f"{part.label}: its submissions overlap another shard's")
        seen |= places
    if seen != set(range(parts[0].shard["of_submissions"])):
        raise MergeError("the shards' submissions leave gaps: some submissions are in no shard")


def merged_rows(parts: Sequence[Part]) -> list[dict]:
    """Every shard's rows, in the order a single run gives them (the order its submissions are found in)."""
    by_place: dict[int, dict] = {}
    for part in parts:
        by_place.update(zip(part.shard["positions"], part.document["submissions"]))
    return [by_place[place] for place in range(parts[0].shard["of_submissions"])]  # ``check`` saw each place once


def merged_run(parts: Sequence[Part], rows: Sequence[dict], request: formats.Request) -> dict:
    """grades.json's ``run`` of the merged outputs: the run's settings, and what each shard did."""
    ordered = sorted(parts, key=lambda p: p.shard["index"])
    first = ordered[0].run
    run = {key: value for key, value in first.items() if key not in ("shard", "formats", "gradebook")}
    names = [row["submission"] for row in rows]
    run.update(request.describe(names, names))
    numbers = {key: [p.run.get(key) for p in ordered] for key in
               ("graded", "resumed", "seconds", "fork_server_restarts", "grader_peak_memory_mib")}

    def total(key: str, combine: Callable[[list[float]], float] = sum) -> float | None:
        values = [v for v in numbers[key] if isinstance(v, (int, float)) and not isinstance(v, bool)]
        return combine(values) if values else None

    run.update(submissions=len(rows), graded=total("graded"), resumed=total("resumed"),
               seconds=total("seconds", max), fork_server_restarts=total("fork_server_restarts"),
               grader_peak_memory_mib=total("grader_peak_memory_mib", max))
    if any(_limits(p.run) != _limits(first) for p in ordered):
        run["limits"] = "different in different shards: see merged_from"
    run["merged_from"] = [{"out": str(p.folder), "shard": f"{p.shard['index']}/{p.shard['count']}",
                           "submissions": len(p.document["submissions"]), "seconds": p.run.get("seconds"),
                           "jobs": p.run.get("jobs"), "limits": p.run.get("limits")} for p in ordered]
    return run


def _limits(run: dict) -> object:
    """A shard's limits, without where its cgroups were (a path of each run's own)."""
    limits = run.get("limits")
    if isinstance(limits, dict) and isinstance(limits.get("cgroup"), dict):
        limits = {**limits, "cgroup": {k: v for k, v in limits["cgroup"].items() if k != "where"}}
    return limits


def _request(parts: Sequence[Part], wanted: Sequence[str], roster: str | None,
             assignment: str | None) -> formats.Request:
    """The formats to write, and what they need.

    Parameters
    ----------
    parts : sequence of Part
        The shards, checked (``check``).
    wanted : sequence of str
        ``--format``'s; when empty, the formats the shards were asked for.
    roster, assignment : str or None
        ``--roster`` and ``--assignment``; when None, the roster the shards read (for a gradebook format) and the
        assignment's name they wrote.

    Returns
    -------
    formats.Request

    Raises
    ------
    MergeError
        When the shards read different rosters, or one that is not here, and ``--roster`` is not given.
    ValueError
        When the formats cannot be written (``formats.Request.make``).
    """
    wanted = list(wanted) or _formats_asked(parts)
    books = _gradebooks(parts)
    if roster is None and set(wanted) & set(formats.GRADEBOOKS):
        roster = _roster_read(books)
    if assignment is None:
        assignment = next((book["assignment"] for book in books if isinstance(book.get("assignment"), str)), None)
    return formats.Request.make(wanted, roster, assignment)


def _formats_asked(parts: Sequence[Part]) -> list[str]:
    """The formats any shard was asked for, in ``formats.FORMATS``' order."""
    asked = {f for part in parts for f in part.run.get("formats") or () if f in formats.FORMATS}
    return [f for f in formats.FORMATS if f in asked]


def _gradebooks(parts: Sequence[Part]) -> list[dict]:
    """``run.gradebook`` of each shard that has one (``formats.Request.describe``)."""
    return [book for part in parts if isinstance(book := part.run.get("gradebook"), dict)]


def _roster_read(books: Sequence[dict]) -> str | None:
    """The roster the shards read (None: none did); MergeError when they read different ones, or it is not here."""
    paths = {str(book["roster"]) for book in books if book.get("roster")}
    if len(paths) > 1:
        raise MergeError(f"the shards read different rosters ({', '.join(sorted(paths))}): give --roster")
    roster = next(iter(paths), None)
    if roster is not None and not Path(roster).is_file():
        raise MergeError(f"the shards read the roster {roster}, which is not here: give --roster ROSTER.csv")
    return roster


def merge(folders: Sequence[str | Path], out: str | Path, *, wanted: Sequence[str] = (), roster: str | None = None,
          assignment: str | None = None) -> tuple[list[dict], formats.Request]:
    """Merge the shards' output ``folders`` into ``out``; the rows and formats written. MergeError (a ValueError)
    says why they cannot be merged; OSError when ``out`` cannot be written; ``reports.OutputBusy``."""
    out = Path(out)
    if not folders:
        raise MergeError("give the output folder of every shard")
    if any(Path(folder).resolve() == out.resolve() for folder in folders):
        raise MergeError(f"--out {out} is one of the shards' folders: merge into another folder")
    parts = [read_part(Path(folder)) for folder in folders]
    check(parts)
    rows = merged_rows(parts)
    request = _request(parts, wanted, roster, assignment)
    exercises = parts[0].document["exercises"]
    run = merged_run(parts, rows, request)
    out.mkdir(parents=True, exist_ok=True)
    lock = reports.OutputLock(out)
    previous = i18n.get_language()
    try:
        i18n.set_language(run.get("language", "en"), figures=False)  # the feedback files speak the run's language
        for row in rows:
            reports.write_feedback(out, row)
        reports.atomic_write(out / "grades.csv", reports.grades_csv(rows, exercises), durable=True)
        reports.atomic_write(out / "grades.json", reports.grades_json(rows, exercises, run), durable=True)
        formats.write(out, rows, exercises, request, complete=True)
    finally:
        i18n.set_language(previous, figures=False)
        lock.release()
    formats.warn(run)
    return rows, request


def add_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The ``merge`` command."""
    parser = commands.add_parser(
        "merge", help="merge the output folders of a run's shards",
        description="Merge the output folders of the N shards of one run (grade ... --shard K/N --seed S) into the "
                    "outputs a single run with seed S would have written: grades.csv, grades.json, feedback/ and "
                    "the formats the shards were asked for. Refuses shards of different seeds, splits, submissions, "
                    "exercises or points, a shard given twice or missing, and a shard that has not finished.",
        epilog="Exit status 0 when merged; 2 when the folders cannot be merged (the message says why) or another "
               "run holds DIR; 1 when DIR cannot be written.")
    parser.add_argument("shards", nargs="+", metavar="OUT_K", help="the output folder of a shard")
    parser.add_argument("--out", required=True, metavar="DIR", help="where the merged outputs go")
    formats.add_arguments(parser)
    return parser


def main(args: argparse.Namespace) -> int:
    try:
        rows, request = merge(args.shards, args.out, wanted=args.formats, roster=args.roster,
                              assignment=args.assignment)
    except (MergeError, ValueError, reports.OutputBusy) as error:
        print(f"error: nothing was merged: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    extra = "".join(f", {formats.FORMATS[f]}" for f in request.formats)
    print(f"Merged {len(args.shards)} shards: {len(rows)} submissions. Wrote {Path(args.out) / 'grades.csv'}, "
          f"grades.json{extra} and feedback/.")
    return 0
