"""The further output formats (``gc_grader.formats``), each checked against what its consumer reads:

- JUnit XML: the schema of tests/grading/junit.xsd (from Jenkins' junit-10.xsd, Ant's JUnit schema and GitLab's
  page), by hand here — element by element, attribute by attribute — and with lxml where it is installed;
- Canvas: the rules of Canvas's own importer (canvas-lms, app/models/gradebook_importer.rb: the header's student
  columns, the ``Points Possible`` row, an assignment column ``Title`` or ``Title (id)``, numbers or blank grades);
- nbgrader: nbgrader's own ``CsvExportPlugin`` run on the same students and scores writes the same bytes.

Then end to end: a course graded with every format, honest, wrong and broken notebooks, hostile names and text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest

from gc_grader import formats, reports
from gc_grader.formats import Request, RosterError, read_roster
from gc_grader.rows import empty_row
from tests.corpus import course
from tests.grading.running import TIMEOUT, grader, outputs

POINTS = {"forward_propagation": 10, "backward_propagation": 10, "gradient_check": 10, "gradient_check_n": 20}
XSD = Path(__file__).with_name("junit.xsd")


FEEDBACK = "forward_propagation failed on case 1 of 6.\n  Observed: it returned 6; expected: 8."


def make_row(name: str, passed: dict[str, bool] | None = None, status: str = "graded", message: str = "",
             feedback: str = FEEDBACK) -> dict:
    """A row as the grader writes it: ``passed`` says which exercises passed (the others failed with ``feedback``)."""
    row = empty_row(name, Path("/submissions") / name, POINTS, status, message)
    for exercise, ok in (passed or {}).items():
        entry = row["exercises"][exercise]
        entry.update(points=entry["max_points"] if ok else 0, passed=ok, status="passed" if ok else "failed",
                     feedback="All tests passed." if ok else feedback)
    row["total"] = sum(e["points"] for e in row["exercises"].values())
    return row


ALL = dict.fromkeys(POINTS, True)
ROWS = [make_row("ada.ipynb", ALL), make_row("bob.ipynb", {**ALL, "forward_propagation": False}),
        make_row("dee.ipynb", status="not_json", message="The file is not a notebook."),
        make_row("err.ipynb", status="error", message="internal error of the grader: KeyError: 'x'")]


# ------------------------------------------------------------------------------------ JUnit

COUNT, SECONDS, TEXT = r"\d+", r"\d+(\.\d+)?", r"(?s:.*)"
JUNIT = {  # element: (required attributes, optional attributes, children in their order, holds text)
    "testsuites": ({}, {"name": TEXT, "tests": COUNT, "failures": COUNT, "errors": COUNT, "time": SECONDS},
                   ["testsuite"], False),
    "testsuite": ({"name": TEXT, "tests": COUNT, "failures": COUNT, "errors": COUNT, "time": SECONDS},
                  {"skipped": COUNT, "timestamp": TEXT, "hostname": TEXT},
                  ["properties", "testcase", "system-out", "system-err"], False),
    "properties": ({}, {}, ["property"], False),
    "property": ({"name": TEXT, "value": TEXT}, {}, [], False),
    "testcase": ({"name": TEXT, "classname": TEXT, "time": SECONDS}, {},
                 ["failure", "error", "skipped", "system-out", "system-err"], False),
    "failure": ({"message": TEXT, "type": TEXT}, {}, [], True),
    "error": ({"message": TEXT, "type": TEXT}, {}, [], True),
}
"""junit.xsd's rules, for a check by hand (testcase's children may come in any order, testsuite's in this one)."""
XML_CHARS = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")


def check_junit(text: str) -> ET.Element:
    """``text`` parsed and checked against ``JUNIT``, every element and attribute; the root."""
    assert XML_CHARS.fullmatch(text), "a character XML 1.0 forbids"
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"

    def check(element: ET.Element) -> None:
        required, optional, children, holds_text = JUNIT[element.tag]
        assert set(required) <= set(element.attrib), (element.tag, element.attrib)
        for name, value in element.attrib.items():
            pattern = required.get(name) or optional.get(name)
            assert pattern is not None, f"{element.tag} has no attribute {name}"
            assert re.fullmatch(pattern, value), (element.tag, name, value)
        places = [children.index(child.tag) if child.tag in children else -1 for child in element]
        assert -1 not in places, f"{element.tag} holds {[c.tag for c in element]}"
        if element.tag == "testsuite":
            assert places == sorted(places), "testsuite's children out of the schema's order"
        if not holds_text:
            assert not (element.text or "").strip(), f"{element.tag} holds text"
        for child in element:
            assert not (child.tail or "").strip()
            check(child)

    check(root)
    for suite in root:  # the counts say what the suite holds
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(len(c.findall("failure")) for c in cases)
        assert int(suite.get("errors")) == sum(len(c.findall("error")) for c in cases)
    for key in ("tests", "failures", "errors"):
        assert int(root.get(key)) == sum(int(s.get(key)) for s in root)
    return root


def test_junit_has_a_suite_per_submission_and_a_case_per_exercise():
    root = check_junit(formats.junit_xml(ROWS, POINTS))
    assert [s.get("name") for s in root] == [r["submission"] for r in ROWS]
    for suite, row in zip(root, ROWS):
        cases = suite.findall("testcase")
        assert [c.get("name") for c in cases] == list(POINTS)
        assert {c.get("classname") for c in cases} == {row["submission"]}  # GitLab keys a test by classname + name
        properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
        assert properties == {"status": row["status"], "total": str(row["total"]), "max": "50"}
    ada, bob, dee, err = root
    assert (ada.get("failures"), ada.get("errors")) == ("0", "0") and not ada.findall(".//failure")
    failure = bob.find("testcase[@name='forward_propagation']/failure")
    assert failure.get("type") == "failed"
    assert failure.get("message") == "0 / 10 points: forward_propagation failed on case 1 of 6."
    assert failure.text == ROWS[1]["exercises"]["forward_propagation"]["feedback"]
    assert bob.get("failures") == "1"
    assert [f.get("type") for f in dee.iter("failure")] == ["not_json"] * 4  # not gradable: every exercise failed
    assert dee.find(".//failure").text == "The file is not a notebook."
    assert err.get("errors") == "4" and not err.findall(".//failure")  # the grader's fault: errors, not failures
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("16", "5", "4")


def test_junit_validates_against_the_schema_with_lxml():
    etree = pytest.importorskip("lxml.etree")
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(formats.junit_xml(ROWS, POINTS).encode("utf-8"))
    assert schema.validate(document), schema.error_log


HOSTILE_TEXT = "a\x00b\x08c\x0bd\x1be\x7ff\x85g\ud800h\udcffi\ufffej\uffffk\rl]]>m<n>o&p\"q'r\U0001f600s"


def test_junit_text_from_submissions_stays_well_formed_and_visible():
    """Every character XML 1.0 forbids becomes a visible escape; markup and quotes are escaped, not interpreted."""
    row = make_row("x\x1b\ufffe\"<&>.ipynb", {**ALL, "gradient_check": False}, feedback=HOSTILE_TEXT)
    root = check_junit(formats.junit_xml([row], POINTS, name="A & <B>"))
    assert root.get("name") == "A & <B>"
    assert root[0].get("name") == "x\\x1b\\ufffe\"<&>.ipynb"
    text = root.find(".//failure").text
    assert text == ("a\\x00b\\x08c\\x0bd\\x1be\x7ff\x85g\\ud800h\\udcffi\\ufffej\\uffffk\\rl]]>m<n>o&p\"q'r"
                    "\U0001f600s")
    assert "\n" not in root.find(".//failure").get("message")


# ------------------------------------------------------------------------------------ the roster

def write_roster(tmp_path: Path, text: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


ROSTER = """submission,student_id,first_name,last_name,email,canvas_id,sis_user_id,sis_login_id,section
ada.ipynb,ada,Ada,Lovelace,ada@example.org,101,S1,ada,Mon
bob.ipynb,bob,Bob,"Smith, Jr.",bob@example.org,102,S2,bob,Mon
dee.ipynb,dee,Dee,Dee,dee@example.org,,S4,,Tue
zed.ipynb,zed,Zed,Zephyr,zed@example.org,108,,,Tue
"""


def test_a_roster_is_read_with_its_own_header_spelling_and_a_byte_order_mark(tmp_path):
    text = "\ufeffSubmission,Student ID,Name,Notes\na.ipynb,1,Ada L.,x\nb.ipynb,1,Ada L.,y\n\n,,,\nc.ipynb,2,,\n"
    roster = read_roster(write_roster(tmp_path, text))
    assert roster.owner == {"a.ipynb": "1", "b.ipynb": "1", "c.ipynb": "2"}
    assert roster.students["1"].display_name == "Ada L." and roster.students["2"].display_name == ""


@pytest.mark.parametrize("text, says", [
    ("", "empty"),
    ("student_id,name\n1,x\n", "no column submission"),
    ("submission,student_id\na.ipynb,1\na.ipynb,2\n", "line 3: the notebook 'a.ipynb' is given twice"),
    ("submission,student_id,email\na.ipynb,1,x@y\nb.ipynb,1,z@y\n", "line 3: student '1' has other details"),
    ("submission,student_id\na.ipynb,\n", "line 2: no student_id"),
    (b"submission,student_id\n\xff.ipynb,1\n", "not UTF-8"),
])
def test_a_roster_that_cannot_be_used_is_refused_with_the_reason(tmp_path, text, says):
    with pytest.raises(RosterError, match=re.escape(says)):
        read_roster(write_roster(tmp_path, text))


def test_what_needs_what_is_a_usage_error(tmp_path):
    roster = write_roster(tmp_path, ROSTER)
    with pytest.raises(ValueError, match="--format canvas needs --roster"):
        Request.make(["canvas"], None, None)
    with pytest.raises(ValueError, match="--roster is read by"):
        Request.make(["junit"], roster, None)
    anonymous = write_roster(tmp_path, ROSTER.replace("108,,,", ",,,"), "anonymous.csv")
    with pytest.raises(RosterError, match="1 student.*zed"):  # Canvas finds a student by an id, not by a name
        Request.make(["canvas"], anonymous, None)
    assert Request.make(["nbgrader", "junit", "nbgrader"], roster, None).formats == ("nbgrader", "junit")
    with pytest.raises(ValueError, match="--format pdf"):
        Request.make(["pdf"], None, None)


def test_mismatches_between_notebooks_and_roster_are_reported(tmp_path):
    roster = read_roster(write_roster(tmp_path, ROSTER + "bob-again.ipynb,bob,Bob,\"Smith, Jr.\",bob@example.org,"
                                                          "102,S2,bob,Mon\n"))
    names = ["ada.ipynb", "bob.ipynb", "bob-again.ipynb", "dee.ipynb", "stray.ipynb"]
    report = formats.gradebook_report(roster, names, names)
    assert report["notebooks_without_student"] == ["stray.ipynb"]
    assert report["students_without_notebook"] == ["zed"]
    assert report["roster_notebooks_not_found"] == ["zed.ipynb"]
    assert report["students_with_several_notebooks"] == {"bob": ["bob.ipynb", "bob-again.ipynb"]}
    lines = formats.report_lines(report)
    assert len(lines) == 4 and "stray.ipynb" in lines[0] and "zed" in lines[1]


# ------------------------------------------------------------------------------------ Canvas

def canvas_import(text: str) -> SimpleNamespace:
    """What Canvas's gradebook importer reads from ``text`` (app/models/gradebook_importer.rb, its parsing part):
    the header's student columns, the assignment columns, the Points Possible row, and per student its identity
    (ID, SIS User ID, SIS Login ID, name) and grade. AssertionError where the importer would refuse or misread."""
    lines = list(csv.reader(io.StringIO(text)))
    header = lines[0]
    assert len(header) > 3 and "Student" in header[0] and "ID" in header[1], "Invalid header row"  # header?
    student_columns = 3
    if re.search(r"SIS\s+Login\s+ID", header[2]):
        student_columns += 1
    elif re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3]):
        student_columns += 2
    assert "Section" in header[student_columns - 1], "Invalid header row"  # last_student_info_column
    non_assignment = re.compile("Current Score|Current Points|Current Grade|Final Score|Final Points|Final Grade|"
                                "Override Score|Override Grade|Override Status")
    assignments = [(i, h) for i, h in enumerate(header) if i >= student_columns and not non_assignment.search(h)]
    titles = [re.fullmatch(r"(.*)\s\((\d+)\)", h).groups() if re.fullmatch(r"(.*)\s\((\d+)\)", h) else (h, None)
              for _, h in assignments]  # Assignment.title_and_id
    points, students = {}, []
    for line in lines[1:]:
        if "Points Possible" in line[0]:
            points = {title: line[i] for (i, _), (title, _) in zip(assignments, titles)}
            continue
        if all(re.fullmatch(r"\s*(Muted|Manual Posting.*)?\s*", c, flags=re.I) for c in line):
            continue
        grades = {}
        for (i, _), (title, _) in zip(assignments, titles):
            grade = line[i].strip()
            assert grade == "" or re.fullmatch(r"-?[0-9.,]+%?|EX", grade), f"grade {grade!r}"
            grades[title] = grade
        students.append(SimpleNamespace(id=line[1], sis_user_id=line[2], sis_login_id=line[3], name=line[0],
                                        section=line[student_columns - 1], grades=grades))
    return SimpleNamespace(header=header, titles=titles, points=points, students=students)


def test_canvas_csv_is_what_canvas_imports(tmp_path):
    roster = read_roster(write_roster(tmp_path, ROSTER.replace("108,,,", "108,S8,,")))
    text = formats.canvas_csv(ROWS, roster, 50, "Gradient Checking (4711)")
    assert text.splitlines()[0] == "Student,ID,SIS User ID,SIS Login ID,Section,Gradient Checking (4711)"
    imported = canvas_import(text)
    assert imported.titles == [("Gradient Checking", "4711")]  # an existing assignment, found by its id
    assert imported.points == {"Gradient Checking": "50"}
    assert [(s.id, s.sis_user_id, s.sis_login_id, s.name, s.section, s.grades["Gradient Checking"])
            for s in imported.students] == [
        ("101", "S1", "ada", "Lovelace, Ada", "Mon", "50"),
        ("102", "S2", "bob", "Smith, Jr., Bob", "Mon", "40"),
        ("", "S4", "", "Dee, Dee", "Tue", "0"),  # not gradable: 0 points, as in grades.csv
        ("108", "S8", "", "Zephyr, Zed", "Tue", ""),  # no notebook: blank, which the import leaves unchanged
    ]
    shard = canvas_import(formats.canvas_csv(ROWS[:1], roster, 50, complete=False))  # a shard: its students only
    assert [s.id for s in shard.students] == ["101"] and shard.titles == [("Gradient Checking", None)]


def test_canvas_gives_a_student_with_several_notebooks_the_highest_total(tmp_path):
    roster = read_roster(write_roster(tmp_path, "submission,student_id,canvas_id\nada.ipynb,ada,1\nbob.ipynb,ada,1\n"
                                                "dee.ipynb,ada,1\n"))
    assert canvas_import(formats.canvas_csv(ROWS[1:], roster, 50)).students[0].grades == {"Gradient Checking": "40"}


# ------------------------------------------------------------------------------------ nbgrader

def nbgraders_own_export(tmp_path: Path, assignment: str, max_score: float, students: list, scores: dict) -> str:
    """What nbgrader's ``CsvExportPlugin`` writes for ``students`` (with .id, .last_name, .first_name, .email, in the
    order nbgrader's gradebook gives them) and ``scores`` (student id -> score; absent: no submission)."""
    from nbgrader.api import MissingEntry
    from nbgrader.plugins.export import CsvExportPlugin

    class Gradebook:  # the part of nbgrader.api.Gradebook the exporter reads
        assignments = [SimpleNamespace(name=assignment, duedate=None, max_score=max_score)]

        def __init__(self):
            self.students = students

        def find_submission(self, assignment_name, student_id):
            if student_id not in scores:
                raise MissingEntry()
            return SimpleNamespace(timestamp=None, score=scores[student_id], late_submission_penalty=0.0)

    destination = tmp_path / "nbgrader-export.csv"
    CsvExportPlugin(to=str(destination)).export(Gradebook())
    return destination.read_text()


def test_nbgrader_csv_is_what_nbgrader_export_writes(tmp_path):
    roster = read_roster(write_roster(tmp_path, ROSTER.replace("Smith, Jr.", "Smith")))  # nbgrader quotes nothing
    ours = formats.nbgrader_csv(ROWS, roster, 50, "ps1")
    order = sorted(roster.students.values(), key=lambda s: (s.last_name, s.first_name))  # nbgrader's order
    students = [SimpleNamespace(id=s.student_id, last_name=s.last_name, first_name=s.first_name, email=s.email)
                for s in order]
    theirs = nbgraders_own_export(tmp_path, "ps1", 50.0, students, {"ada": 50.0, "bob": 40.0, "dee": 0.0})
    assert ours == theirs
    assert ours.splitlines()[0] == ",".join(formats.NBGRADER_COLUMNS)
    assert "ps1,,,zed,Zephyr,Zed,zed@example.org,0.0,0.0,0.0,50.0" in ours.splitlines()


def test_nbgrader_without_a_roster_takes_the_student_from_nbgraders_folders():
    rows = [make_row("ada/ps1/Gradient_Checking.ipynb", ALL), make_row("bob/ps1/Gradient_Checking.ipynb"),
            make_row("loose.ipynb", ALL)]
    text = formats.render("nbgrader", rows, POINTS, Request(("nbgrader",)))
    assert [line.split(",")[3] for line in text.splitlines()[1:]] == ["ada", "bob", "loose.ipynb"]


# ------------------------------------------------------------------------------------ CSV cells

@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_csv_cell_is_never_a_formula(value):
    assert formats.cell(value)[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert "\n" not in formats.cell("two\nlines") and "\r" not in formats.cell("a\rb")


# ------------------------------------------------------------------------------------ end to end

@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    base = tmp_path_factory.mktemp("course")
    roster = course.write(base / "submitted")
    result = grader(base / "submitted", "--out", base / "out", "--timeout", TIMEOUT, "--seed", "20260101",
                    "--format", "junit", "--format", "canvas", "--format", "nbgrader", "--roster", roster,
                    "--assignment", "Gradient Checking (4711)")
    return SimpleNamespace(result=result, out=base / "out", roster=roster, **vars(outputs(base / "out")))


def test_a_course_graded_with_every_format(graded_course):
    assert graded_course.result.returncode == 0, graded_course.result.stderr
    totals = {name: row["total"] for name, row in graded_course.rows.items()}
    assert totals == course.EXPECTED_TOTALS
    for name, status in course.STATUSES.items():
        assert graded_course.rows[name]["status"] == status
    assert graded_course.run["seed"] == 20260101 and graded_course.run["formats"] == ["junit", "canvas", "nbgrader"]
    for fmt, file in formats.FORMATS.items():
        assert (graded_course.out / file).is_file(), fmt
    assert ", junit.xml, canvas.csv, nbgrader.csv and feedback/" in graded_course.result.stdout
    assert not list(graded_course.out.glob(".*.tmp"))  # written atomically


def test_the_courses_junit_report_says_what_the_rows_say(graded_course):
    root = check_junit((graded_course.out / "junit.xml").read_text(encoding="utf-8"))
    by_name = {formats.xml_text(r["submission"]): r for r in graded_course.document["submissions"]}
    assert [s.get("name") for s in root] == list(by_name)  # in the rows' order; "eve\ufffe" made "eve\\ufffe"
    for suite in root:
        row = by_name[suite.get("name")]
        for case in suite.iter("testcase"):
            result = row["exercises"][case.get("name")]
            failure = case.find("failure")
            assert (failure is None) == result["passed"]
            if failure is not None:
                assert failure.get("type") == result["status"]
                assert failure.text == formats.xml_text(result["feedback"])
    hostile = root.find("testsuite[@name='cyd/ps1/Gradient_Checking.ipynb']/testcase[@name='gradient_check_n']/failure")
    assert "ValueError: bad \\ud800 \\x1b[2J \\ufffe \\uffff \\x0c ]]> <x> & \"q\" '; =1+1" in hostile.text
    assert root.find("testsuite[@name='eve\\ufffe/ps1/Gradient_Checking.ipynb']") is not None


def test_the_courses_canvas_import_names_every_roster_student(graded_course):
    imported = canvas_import((graded_course.out / "canvas.csv").read_text(encoding="utf-8"))
    assert imported.titles == [("Gradient Checking", "4711")] and imported.points == {"Gradient Checking": "60"}
    grades = {(s.id, s.sis_user_id, s.sis_login_id): s.grades["Gradient Checking"] for s in imported.students}
    assert grades == {("101", "S-101", "ada"): "60", ("102", "S-102", "bob"): "50", ("103", "", "cyd"): "40",
                      ("", "S-104", ""): "0", ("105", "S-105", "fay"): "60",  # the higher of fay's two
                      ("106", "S-106", "gus"): "0", ("'-107", "S-107", "'=1+1"): "60", ("108", "S-108", "zed"): ""}
    formula = next(s for s in imported.students if s.sis_user_id == "S-107")
    assert formula.name == "'@cmd, =HYPERLINK(\"http://x\")"  # its first cell prefixed: no formula anywhere
    for line in csv.reader(io.StringIO((graded_course.out / "canvas.csv").read_text(encoding="utf-8"))):
        assert all(c[:1] not in ("=", "+", "-", "@") for c in line), line


def test_the_courses_nbgrader_csv_has_a_row_per_roster_student(graded_course):
    lines = list(csv.DictReader(io.StringIO((graded_course.out / "nbgrader.csv").read_text(encoding="utf-8"))))
    assert list(lines[0]) == list(formats.NBGRADER_COLUMNS)
    scores = {line["student_id"]: (line["raw_score"], line["score"], line["max_score"]) for line in lines}
    assert scores == {"formula": ("60.0", "60.0", "60.0"), "cyd": ("40.0", "40.0", "60.0"),
                      "dee": ("0.0", "0.0", "60.0"), "gus": ("0.0", "0.0", "60.0"), "ada": ("60.0", "60.0", "60.0"),
                      "bob": ("50.0", "50.0", "60.0"), "fay": ("60.0", "60.0", "60.0"),
                      "zed": ("0.0", "0.0", "60.0")}
    assert {line["assignment"] for line in lines} == {"Gradient Checking (4711)"}
    assert all(line["timestamp"] == line["duedate"] == "" and line["late_submission_penalty"] == "0.0"
               for line in lines)


def test_the_course_roster_mismatches_are_reported_not_dropped(graded_course):
    book = graded_course.run["gradebook"]
    assert book["roster"] == str(graded_course.roster.resolve())
    assert book["notebooks_without_student"] == ["bad-\\xff-\\u202e/ps1/Gradient_Checking.ipynb",
                                                 "eve\ufffe/ps1/Gradient_Checking.ipynb",
                                                 "hal/ps1/Gradient_Checking.ipynb"]
    assert book["students_without_notebook"] == ["zed"]
    assert book["students_with_several_notebooks"] == {"fay": ["fay/ps1/Gradient_Checking.ipynb",
                                                               "fay/ps1/resubmitted.ipynb"]}
    stderr = graded_course.result.stderr
    assert "warning: gradebook: 3 graded notebook(s) have no student in the roster" in stderr
    assert "1 student(s) of the roster have no notebook" in stderr and ": zed" in stderr
    assert "fay (2)" in stderr


def test_formats_are_written_at_the_end_of_a_resumed_run(tmp_path):
    """A run stopped before its end writes no format; the rerun that completes it writes them all."""
    from tests.corpus import notebooks as nbs

    nbs.write(nbs.solved(), tmp_path / "in" / "a.ipynb")
    nbs.write(nbs.solved(), tmp_path / "in" / "b.ipynb")
    out = tmp_path / "out"
    out.mkdir()
    done = json.loads(json.dumps(empty_row("a.ipynb", Path("a.ipynb"), nbs.GRADED, "graded", "")))  # the assignment's
    done["path"] = str((tmp_path / "in" / "a.ipynb").resolve())
    done["message"] = "kept from the journal"
    from gc_grader.shards import seed_digest

    reports.Journal(out / reports.JOURNAL, [done], {"seed_sha256": seed_digest(5)}).close(remove=False)
    result = grader(tmp_path / "in", "--out", out, "--timeout", TIMEOUT, "--seed", "5", "--format", "junit")
    assert result.returncode == 0, result.stderr
    assert "Resuming: 1 of 2" in result.stderr
    root = check_junit((out / "junit.xml").read_text(encoding="utf-8"))
    assert [s.get("name") for s in root] == ["a.ipynb", "b.ipynb"]
    assert outputs(out).rows["a.ipynb"]["message"] == "kept from the journal"
