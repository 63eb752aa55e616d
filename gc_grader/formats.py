"""Further output formats, each a pure function of the rows: JUnit XML, a Canvas gradebook import, nbgrader's CSV.

    python -m public_tests grade PATH... --format junit --format canvas --roster ROSTER.csv [--assignment TITLE]

``grades.csv`` and ``grades.json`` are always written (``reports``); these are written beside them, atomically,
once every submission has its row (at the end of a run, of a resumed run, or of ``merge``):

- ``junit.xml`` (``junit_xml``): one ``testsuite`` per submission, one ``testcase`` per exercise; an exercise that
  did not pass has a ``failure`` (its status as ``type``, the first line of its feedback as ``message``, the whole
  feedback as text), a submission the grader failed on has ``error``s. The elements and attributes are those the
  Ant/Jenkins JUnit schemas define and GitLab reads: ``testcase``'s ``classname`` is the submission, so that
  GitLab, which keys a test by classname and name, keeps every submission's tests apart. The grader does not time
  exercises one by one: every ``time`` is 0.
- ``canvas.csv`` (``canvas_csv``): Canvas's gradebook import: ``Student``, ``ID``, ``SIS User ID``,
  ``SIS Login ID``, ``Section``, then one column for the assignment (its title, or ``Title (id)`` as Canvas's own
  export names it), a ``Points Possible`` row, and a row per student of the roster.
- ``nbgrader.csv`` (``nbgrader_csv``): the columns ``nbgrader export`` writes (its ``CsvExportPlugin``), with the
  same meanings: one row per student, a student without a notebook with 0 points and no timestamp.

Students come from a roster (``read_roster``): a CSV that maps each notebook to a student. A notebook missing
from the roster, a roster student without a notebook, a student with several notebooks (the highest total counts)
are reported on stderr and in ``grades.json`` (``run.gradebook``), never dropped silently.

Text from submissions (names, feedback) is made safe where it enters (``untrusted``); here every string is made
safe again for its format: XML gets only the characters XML 1.0 allows (the others as visible escapes), and a
CSV cell that a spreadsheet would run as a formula is prefixed (``reports._spreadsheet_safe``).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from . import reports, untrusted

FORMATS = {"junit": "junit.xml", "canvas": "canvas.csv", "nbgrader": "nbgrader.csv"}
"""Each format and the file it writes in the output folder."""
GRADEBOOKS = ("canvas", "nbgrader")
"""The formats that name students (from the roster)."""
CANVAS_STUDENT_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
NBGRADER_COLUMNS = ("assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                    "raw_score", "late_submission_penalty", "score", "max_score")
"""``nbgrader export``'s columns, in its order (nbgrader/plugins/export.py, ``CsvExportPlugin.export``)."""
ROSTER_COLUMNS = ("submission", "student_id", "name", "first_name", "last_name", "email", "canvas_id",
                  "sis_user_id", "sis_login_id", "section")
ROSTER_REQUIRED = ("submission", "student_id")
ROSTER_MAX_BYTES = 64 * 2**20
MESSAGE_CHARS = 500
"""A JUnit ``message`` attribute holds at most this much of the first line of the feedback (the text holds all)."""

_NOT_XML = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What XML 1.0 forbids (and the carriage return, which a parser would turn into a line break)."""


class RosterError(ValueError):
    """The roster cannot be used (a missing column, a notebook given twice...); raised before anything is graded."""


# ------------------------------------------------------------------------------------ safe text

def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\\r" if code == 0x0D else f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def xml_text(value: object) -> str:
    """``value`` as text XML 1.0 can hold: every character it forbids (C0 controls but tab and line feed, the
    carriage return, lone surrogates, U+FFFE, U+FFFF) as a visible escape, as ``untrusted`` writes them."""
    return _NOT_XML.sub(_visible, str(value))


def cell(value: object) -> str:
    """A CSV cell of text: one line, escapes as ``untrusted.name`` makes them, never a spreadsheet formula."""
    return reports._spreadsheet_safe(untrusted.name(str(value), 10_000))


def _csv(header: Sequence[str], lines: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(lines)
    return buffer.getvalue()


# ------------------------------------------------------------------------------------ JUnit XML

def _first_line(text: str) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line[:MESSAGE_CHARS]


def _attribute(value: object) -> str:
    """An attribute's value, quoted: XML's characters only, markup and line breaks as character references."""
    from xml.sax.saxutils import quoteattr  # imported here: saxutils imports urllib.request, ~80 ms every run

    return quoteattr(xml_text(value), {"\n": "&#10;", "\t": "&#9;"})


def _problem(row: dict, result: dict) -> tuple[str, str] | None:
    """(the element, its XML) for an exercise that did not pass: an ``error`` where the grader failed, else a
    ``failure``; None for a passed exercise."""
    if result["passed"]:
        return None
    from xml.sax.saxutils import escape  # see _attribute

    kind = "error" if result["status"] == "error" or row["status"] == "error" else "failure"
    feedback = xml_text(result["feedback"])
    points = f"{reports.number(result['points'])} / {reports.number(result['max_points'])} points"
    return kind, (f"<{kind} message={_attribute(f'{points}: {_first_line(feedback)}')} "
                  f"type={_attribute(result['status'])}>{escape(feedback)}</{kind}>")


def junit_xml(rows: Sequence[dict], exercises: dict[str, float], name: str = reports.ASSIGNMENT) -> str:
    """``rows`` as a JUnit XML report: ``testsuites`` > a ``testsuite`` per submission > a ``testcase`` per exercise.

    Written as text, a suite at a time (100,000 submissions: ~75 MiB, a few seconds; a tree of elements would
    hold ~0.5 GiB)."""
    totals = {"tests": 0, "failures": 0, "errors": 0}
    suites = []
    for row in rows:
        submission = _attribute(row["submission"])
        counts = {"tests": 0, "failure": 0, "error": 0}
        cases = []
        for exercise in exercises:
            counts["tests"] += 1
            case = f'    <testcase name={_attribute(exercise)} classname={submission} time="0"'
            problem = _problem(row, row["exercises"][exercise])
            if problem is None:
                cases.append(case + " />")
            else:
                counts[problem[0]] += 1
                cases.append(f"{case}>\n      {problem[1]}\n    </testcase>")
        properties = "".join(f"      <property name={_attribute(key)} value={_attribute(value)} />\n" for key, value in
                             (("status", row["status"]), ("total", reports.number(row["total"])),
                              ("max", reports.number(row["max"]))))
        suites.append(f'  <testsuite name={submission} tests="{counts["tests"]}" failures="{counts["failure"]}" '
                      f'errors="{counts["error"]}" skipped="0" time="0">\n    <properties>\n{properties}'
                      f"    </properties>\n" + "".join(case + "\n" for case in cases) + "  </testsuite>\n")
        for key, count in zip(totals, counts.values()):
            totals[key] += count
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name={_attribute(name)} tests="{totals["tests"]}" failures="{totals["failures"]}" '
            f'errors="{totals["errors"]}" time="0">\n' + "".join(suites) + "</testsuites>\n")


# ------------------------------------------------------------------------------------ the roster

@dataclass
class Student:
    student_id: str
    name: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    canvas_id: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""

    @property
    def display_name(self) -> str:
        """Canvas's ``Student`` column: the roster's name, or "Last, First" as Canvas sorts names."""
        if self.name:
            return self.name
        return ", ".join(part for part in (self.last_name, self.first_name) if part)


@dataclass
class Roster:
    """Students in the roster's order, and which student each notebook (its name in grades.csv) belongs to."""

    path: str | None
    students: dict[str, Student] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)
    """submission name -> student_id"""


def read_roster(path: str | Path) -> Roster:
    """The roster at ``path``: a CSV (UTF-8, a byte-order mark allowed) with a header row naming its columns.

    ``submission`` (the notebook's name as grades.csv gives it) and ``student_id`` are required; ``name``,
    ``first_name``, ``last_name``, ``email``, ``canvas_id``, ``sis_user_id``, ``sis_login_id``, ``section`` are read
    when present (header names are matched without case, spaces as underscores), other columns ignored. A student
    may own several notebooks (one row each); their details must then agree.

    Parameters
    ----------
    path : str or Path
        The roster's CSV file.

    Returns
    -------
    Roster

    Raises
    ------
    RosterError
        What is wrong with the file (unreadable, too large, not UTF-8, not CSV, no header, a required column
        missing) or with its rows (the first ten problems, by line number).
    """
    path = Path(path)
    lines = _csv_lines(path, _roster_text(path))
    places = _column_places(path, lines[0])
    roster = Roster(str(path.resolve()))
    problems: list[str] = []
    for number, line in enumerate(lines[1:], start=2):
        problem = _add_roster_line(roster, line, places)
        if problem:
            problems.append(f"line {number}: {problem}")
    if problems:
        shown = "; ".join(problems[:10]) + (f"; and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise RosterError(f"--roster {path}: {shown}")
    return roster


def _roster_text(path: Path) -> str:
    """The text of the roster file at ``path``: at most ``ROSTER_MAX_BYTES``, UTF-8 (a byte-order mark dropped)."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(ROSTER_MAX_BYTES + 1)
    except OSError as error:
        raise RosterError(f"--roster {path}: {error.strerror or error}") from error
    if len(data) > ROSTER_MAX_BYTES:
        raise RosterError(f"--roster {path}: larger than {ROSTER_MAX_BYTES // 2**20} MiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RosterError(f"--roster {path}: not UTF-8 text ({error.reason} at byte {error.start}); save it as "
                          "CSV UTF-8") from error


def _csv_lines(path: Path, text: str) -> list[list[str]]:
    """The rows of the CSV ``text``, the header first; RosterError when it is not CSV, or empty."""
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise RosterError(f"--roster {path}: not a CSV file ({error})") from error
    if not lines:
        raise RosterError(f"--roster {path}: empty; expected a header row with the columns "
                          f"{', '.join(ROSTER_REQUIRED)} (and optionally {', '.join(ROSTER_COLUMNS[2:])})")
    return lines


def _column_places(path: Path, header: Sequence[str]) -> dict[str, int]:
    """Where each of ``ROSTER_COLUMNS`` the roster has is in its rows, from its ``header`` row (names matched
    without case, spaces and hyphens as underscores); RosterError when a required column is missing."""
    names = [re.sub(r"[\s\-]+", "_", column.strip().lower()) for column in header]
    missing = [column for column in ROSTER_REQUIRED if column not in names]
    if missing:
        raise RosterError(f"--roster {path}: no column {' or '.join(missing)} in its header row {list(header)!r}; "
                          f"the roster maps each notebook to a student: {','.join(ROSTER_COLUMNS)}")
    return {column: names.index(column) for column in ROSTER_COLUMNS if column in names}


def _add_roster_line(roster: Roster, line: Sequence[str], places: dict[str, int]) -> str | None:
    """Add one row of the roster (its cells ``line``) to ``roster``; what is wrong with it, or None.

    A blank row is skipped. A row without a notebook or a student, a notebook given twice, or a student whose
    details differ from an earlier row's, is not added.
    """
    if not any(value.strip() for value in line):
        return None
    values = {column: untrusted.name(line[place].strip()) if place < len(line) else ""
              for column, place in places.items()}
    submission, student_id = values.pop("submission"), values["student_id"]
    if not submission or not student_id:
        return f"no {'submission' if not submission else 'student_id'}"
    if submission in roster.owner:
        return f"the notebook {submission!r} is given twice"
    student = Student(**values)
    if roster.students.setdefault(student_id, student) != student:
        return f"student {student_id!r} has other details than on an earlier line"
    roster.owner[submission] = student_id
    return None


def implicit_roster(names: Iterable[str]) -> Roster:
    """Without a roster (nbgrader only): the student of a notebook is the first folder of its name — the student's
    folder of nbgrader's ``submitted/<student>/<assignment>/`` when PATH is ``submitted/`` —, or its whole name."""
    roster = Roster(None)
    for name in names:
        student_id = name.split("/", 1)[0] if "/" in name else name
        roster.students.setdefault(student_id, Student(student_id))
        roster.owner[name] = student_id
    return roster


def gradebook_report(roster: Roster, all_names: Sequence[str], here: Sequence[str]) -> dict:
    """What does not match one to one between the notebooks and the roster's students.

    ``all_names``: every submission of the run (of all shards); ``here``: those whose rows this output holds.
    """
    found = set(all_names)
    owned: dict[str, list[str]] = {}
    for name in all_names:
        if name in roster.owner:
            owned.setdefault(roster.owner[name], []).append(name)
    return {"roster": roster.path,
            "notebooks_without_student": [name for name in here if name not in roster.owner],
            "students_without_notebook": [s for s in roster.students if s not in owned],
            "roster_notebooks_not_found": [name for name in roster.owner if name not in found],
            "students_with_several_notebooks": {s: names for s, names in owned.items() if len(names) > 1}}


def report_lines(report: dict, limit: int = 10) -> list[str]:
    """The report as warnings for stderr (at most ``limit`` names each)."""

    def some(items: Sequence[str]) -> str:
        return ", ".join(items[:limit]) + (f" and {len(items) - limit} more" if len(items) > limit else "")

    lines = []
    if report["notebooks_without_student"]:
        lines.append(f"{len(report['notebooks_without_student'])} graded notebook(s) have no student in the roster, "
                     f"and are in no gradebook file: {some(report['notebooks_without_student'])}")
    if report["students_without_notebook"]:
        lines.append(f"{len(report['students_without_notebook'])} student(s) of the roster have no notebook "
                     f"(canvas: a blank grade; nbgrader: 0 points, as nbgrader export gives): "
                     f"{some(report['students_without_notebook'])}")
    if report["roster_notebooks_not_found"]:
        lines.append(f"{len(report['roster_notebooks_not_found'])} notebook(s) the roster names were not found: "
                     f"{some(report['roster_notebooks_not_found'])}")
    several = report["students_with_several_notebooks"]
    if several:
        lines.append(f"{len(several)} student(s) have several notebooks (the highest total counts): "
                     f"{some([f'{s} ({len(n)})' for s, n in several.items()])}")
    return lines


def _best_rows(rows: Sequence[dict], roster: Roster) -> dict[str, dict]:
    """student_id -> the row with the highest total among the student's notebooks (the first of equals)."""
    best: dict[str, dict] = {}
    for row in rows:
        student_id = roster.owner.get(row["submission"])
        if student_id is not None and (student_id not in best or row["total"] > best[student_id]["total"]):
            best[student_id] = row
    return best


# ------------------------------------------------------------------------------------ Canvas

def canvas_csv(rows: Sequence[dict], roster: Roster, max_points: float, assignment: str = reports.ASSIGNMENT,
               complete: bool = True) -> str:
    """A Canvas gradebook import of ``rows``: the student columns Canvas's import reads, one assignment column.

    Canvas finds each student by ``ID`` (its user id), else ``SIS User ID``, else ``SIS Login ID``; the row
    ``Points Possible`` gives a new assignment its points. ``complete``: every roster student has a row (a blank
    grade, which Canvas leaves unchanged, for one without a notebook); else (a shard) only those with a notebook here.
    """
    best = _best_rows(rows, roster)
    lines: list[list[object]] = [["Points Possible", "", "", "", "", reports.number(max_points)]]
    for student_id, student in roster.students.items():
        if student_id not in best and not complete:
            continue
        grade = reports.number(best[student_id]["total"]) if student_id in best else ""
        lines.append([cell(student.display_name), cell(student.canvas_id), cell(student.sis_user_id),
                      cell(student.sis_login_id), cell(student.section), grade])
    return _csv([*CANVAS_STUDENT_COLUMNS, cell(assignment)], lines)


def check_canvas_roster(roster: Roster) -> None:
    """RosterError unless every student has an identifier Canvas matches on (a name alone may match another)."""
    unnamed = [s.student_id for s in roster.students.values() if not (s.canvas_id or s.sis_user_id or s.sis_login_id)]
    if unnamed:
        raise RosterError(f"--format canvas: {len(unnamed)} student(s) of the roster have none of canvas_id, "
                          f"sis_user_id, sis_login_id (Canvas finds a student by one of them): "
                          f"{', '.join(unnamed[:10])}")


# ------------------------------------------------------------------------------------ nbgrader

def _nbgrader_number(points: float) -> str:
    return str(float(points))  # nbgrader writes str() of its floats: 50.0, 37.5


def nbgrader_csv(rows: Sequence[dict], roster: Roster, max_points: float, assignment: str = reports.ASSIGNMENT,
                 complete: bool = True) -> str:
    """``rows`` as ``nbgrader export`` writes its gradebook: one row per student of the assignment.

    As nbgrader does: ``raw_score`` is the total, ``late_submission_penalty`` 0.0 (the grader applies none),
    ``score`` = max(0, raw_score - penalty), ``max_score`` the assignment's; ``duedate`` and ``timestamp`` are empty
    (the grader knows neither); a student without a notebook gets 0.0 points (only when ``complete``); students in
    nbgrader's order (last name, first name). Unlike nbgrader's writer, a cell holding a comma or a quote is quoted.
    """
    best = _best_rows(rows, roster)
    students = [s for s in roster.students.values() if complete or s.student_id in best]
    students.sort(key=lambda s: (s.last_name, s.first_name))
    lines = []
    for student in students:
        row = best.get(student.student_id)
        raw = float(row["total"]) if row else 0.0
        lines.append([cell(assignment), "", "", cell(student.student_id), cell(student.last_name),
                      cell(student.first_name), cell(student.email), _nbgrader_number(raw), "0.0",
                      _nbgrader_number(max(0.0, raw - 0.0)), _nbgrader_number(max_points)])
    return _csv(NBGRADER_COLUMNS, lines)


# ------------------------------------------------------------------------------------ a run's request

@dataclass
class Request:
    """The formats asked for, and what they need: the roster (canvas; nbgrader optionally) and the assignment's
    name in the gradebook (Canvas's column, nbgrader's ``assignment``)."""

    formats: tuple[str, ...] = ()
    roster: Roster | None = None
    assignment: str = reports.ASSIGNMENT

    @classmethod
    def make(cls, formats: Sequence[str], roster_path: str | Path | None, assignment: str | None) -> Request:
        """The request of a command line; ValueError (RosterError) for what cannot work."""
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            raise ValueError(f"--format {unknown[0]}: expected one of {', '.join(FORMATS)}")
        formats = tuple(dict.fromkeys(formats))
        if "canvas" in formats and roster_path is None:
            raise ValueError("--format canvas needs --roster ROSTER.csv: it maps each notebook to a Canvas student")
        if roster_path is not None and not set(formats) & set(GRADEBOOKS):
            raise ValueError("--roster is read by --format canvas and --format nbgrader; neither is asked for")
        roster = read_roster(roster_path) if roster_path is not None else None
        if roster is not None and "canvas" in formats:  # never None here: canvas without a roster was refused
            check_canvas_roster(roster)
        title = untrusted.name(assignment if assignment is not None else reports.ASSIGNMENT).strip()
        if not title:
            raise ValueError("--assignment: the assignment's name cannot be empty")
        return cls(formats, roster, title)

    @property
    def gradebook(self) -> bool:
        return bool(set(self.formats) & set(GRADEBOOKS))

    def roster_for(self, names: Iterable[str]) -> Roster:
        return self.roster if self.roster is not None else implicit_roster(names)

    def describe(self, all_names: Sequence[str], here: Sequence[str]) -> dict:
        """What ``grades.json`` records (``run.formats``, and ``run.gradebook`` for canvas and nbgrader)."""
        info: dict = {"formats": list(self.formats)}
        if self.gradebook:
            info["gradebook"] = {"assignment": self.assignment,
                                 **gradebook_report(self.roster_for(all_names), all_names, here)}
        return info


def render(fmt: str, rows: Sequence[dict], exercises: dict[str, float], request: Request,
           complete: bool = True) -> str:
    """The text of format ``fmt`` for ``rows``."""
    max_points = sum(exercises.values())
    if fmt == "junit":
        return junit_xml(rows, exercises, request.assignment)
    roster = request.roster_for(row["submission"] for row in rows)
    if fmt == "canvas":
        return canvas_csv(rows, roster, max_points, request.assignment, complete)
    return nbgrader_csv(rows, roster, max_points, request.assignment, complete)


def write(out: Path, rows: Sequence[dict], exercises: dict[str, float], request: Request,
          complete: bool = True) -> list[Path]:
    """Write every format of ``request`` into ``out`` (atomically, flushed to disk); the paths written."""
    written = []
    for fmt in request.formats:
        path = Path(out) / FORMATS[fmt]
        reports.atomic_write(path, render(fmt, rows, exercises, request, complete), durable=True)
        written.append(path)
    return written


def warn(info: dict, stream: TextIO | None = None) -> None:
    """The gradebook report of ``info`` (``Request.describe``'s) as warnings on stderr."""
    for line in report_lines(info["gradebook"]) if "gradebook" in info else []:
        print(f"warning: gradebook: {line}", file=sys.stderr if stream is None else stream)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that ask for further formats (``grade`` and ``merge`` take the same)."""
    parser.add_argument("--format", dest="formats", action="append", default=[], choices=list(FORMATS),
                        metavar="FORMAT",
                        help="also write OUT/junit.xml (junit), a Canvas gradebook import OUT/canvas.csv (canvas, "
                             "needs --roster), or nbgrader export's CSV OUT/nbgrader.csv (nbgrader); may be repeated")
    parser.add_argument("--roster", default=None, metavar="ROSTER.csv",
                        help="CSV mapping each notebook to a student: submission,student_id and optionally name, "
                             "first_name, last_name, email, canvas_id, sis_user_id, sis_login_id, section")
    parser.add_argument("--assignment", default=None, metavar="TITLE",
                        help=f"the assignment's name in canvas.csv (its column: the title, or 'Title (id)' as "
                             f"Canvas exports it) and nbgrader.csv ({reports.ASSIGNMENT})")
