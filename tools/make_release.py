"""Write what an instructor hands to students: the student editions, the helper modules, requirements, a README.

    python tools/make_release.py DIR      # python3 tasks.py release DIR runs this

DIR gets the student editions (``notebooks/*.ipynb`` and the Korean ``notebooks/ko/*.ipynb``, never
``notebooks/solutions/``), ``gc_utils``, ``testCases``
and the public tests students run (the package ``public_tests``, copied whole: the grader is the package
``gc_grader`` and the correct solutions are ``reference_solutions.py``, neither released), a ``pyproject.toml``
that installs exactly those,
a ``requirements.txt`` without the test-only tools (``pip install -r requirements.txt`` run inside DIR installs
DIR's own modules) and a README for students (``tools/release_README.md``).

DIR must be missing, empty, or a previous release (it holds ``MARKER``, which lists every file the release
wrote with its SHA-256). A previous release is refreshed: its files are replaced, those no longer part of it
removed; nothing else in DIR is touched, and a file of the previous release that was changed since (someone's
work) stops the run before anything is written. Only the standard library is used.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = ".gradient-checking-release.json"
"""The file that makes a folder recognisable as a release: what wrote it, and every file it wrote."""
STUDENT_NOTEBOOKS = ("notebooks/Gradient_Checking.ipynb", "notebooks/Gradient_Checking_in_Practice.ipynb",
                     "notebooks/Gradient_Checking_Your_Own_Layers.ipynb",
                     "notebooks/ko/Gradient_Checking.ipynb", "notebooks/ko/Gradient_Checking_in_Practice.ipynb",
                     "notebooks/ko/Gradient_Checking_Your_Own_Layers.ipynb")
"""The student editions, English and Korean (``ko/``: its feedback, explorers and figures speak Korean too)."""
MODULES = ("testCases.py",)
PACKAGES = ("gc_utils", "gc_utils/locales", "gc_utils/widgets", "public_tests")
"""Packages released whole (their ``*.py`` files)."""
TEST_ONLY = ("nbformat", "nbclient", "nbconvert", "nbval", "tqdm", "pytest")
"""Requirements of the tests and the grader only: left out of the students' requirements."""
README = ROOT / "tools" / "release_README.md"
PYPROJECT = """[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "gradient-checking-lesson"
version = "{version}"
description = "A gradient-checking lesson, student release: the gc_utils helper module, test cases and public tests."
requires-python = ">=3.10"
dependencies = {dependencies}

[tool.setuptools]
package-dir = {{"" = "."}}
packages = {packages}
py-modules = {modules}
"""


class ReleaseError(Exception):
    """The release cannot be written into the folder given; the message says why and what to do."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pyproject_field(text: str, field: str) -> str:
    """The value of ``field = ...`` (a one-line string or list) in the repository's pyproject.toml."""
    match = re.search(rf"^{field} = (.+)$", text, flags=re.M)
    if not match:
        raise ReleaseError(f"pyproject.toml has no one-line `{field} = ...`; the release copies it from there")
    return match.group(1).strip()


def student_pyproject(text: str) -> str:
    """A pyproject.toml that installs the released modules, with the repository's version and dependencies."""
    version = json.loads(_pyproject_field(text, "version"))
    packages = [package.replace("/", ".") for package in PACKAGES]
    return PYPROJECT.format(version=version, dependencies=_pyproject_field(text, "dependencies"),
                            packages=json.dumps(packages), modules=json.dumps([m[:-3] for m in MODULES]))


def student_requirements(text: str) -> str:
    """The repository's requirements.txt without the test-only tools (their lines and nothing else)."""
    def test_only(line: str) -> bool:
        name = re.match(r"\s*([A-Za-z0-9_.-]*)", line).group(1).lower()
        return name in TEST_ONLY

    kept = [line for line in text.splitlines() if not test_only(line)]
    header = ["# The lesson's own modules (gc_utils, testCases, public_tests), installed from this folder with `-e .`",
              "# (run pip in this folder), and what the notebooks need. Lower bounds are the versions we tested with."]
    return "\n".join(header + [line for line in kept if not line.startswith("#")]) + "\n"


def released_sources(root: Path = ROOT) -> list[str]:
    """The repository's files that are copied as they are, relative to ``root``."""
    files = list(STUDENT_NOTEBOOKS) + list(MODULES)
    for package in PACKAGES:
        files += sorted(path.relative_to(root).as_posix() for path in (root / package).glob("*.py"))
    return files


def release_files(root: Path = ROOT) -> dict[str, bytes]:
    """Every file of the release: relative path -> contents."""
    files = {name: (root / name).read_bytes() for name in released_sources(root)}
    files["pyproject.toml"] = student_pyproject((root / "pyproject.toml").read_text(encoding="utf-8")).encode()
    files["requirements.txt"] = student_requirements((root / "requirements.txt").read_text(encoding="utf-8")).encode()
    files["README.md"] = README.read_bytes()
    return files


def previous_release(target: Path) -> dict[str, str]:
    """The files (path -> SHA-256) a previous release wrote into ``target``; {} for a missing or empty folder.

    Raises ``ReleaseError`` when ``target`` is something else: a file, or a folder with other contents.
    """
    if not target.exists():
        return {}
    if not target.is_dir():
        raise ReleaseError(f"{target} is not a folder; give a new or empty folder, or a previous release")
    marker = target / MARKER
    if not marker.is_file():
        if any(target.iterdir()):
            raise ReleaseError(f"{target} is not empty and is not a release (no {MARKER}); nothing was written. "
                               "Give a new or empty folder, or a previous release to refresh.")
        return {}
    try:
        listed = json.loads(marker.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError) as error:
        raise ReleaseError(f"{marker} is not a release's marker ({error}); nothing was written") from None
    return {str(name): str(digest) for name, digest in listed.items()}


def _inside(target: Path, name: str) -> Path:
    """``target / name``, refusing names that would leave ``target`` (a marker edited by hand)."""
    path = (target / name).resolve()
    if not path.is_relative_to(target.resolve()) or path == target.resolve():
        raise ReleaseError(f"{MARKER} lists {name!r}, which is not a file inside {target}; nothing was written")
    return path


def plan(target: Path, files: dict[str, bytes]) -> list[Path]:
    """Check that writing ``files`` into ``target`` overwrites nothing but an unchanged previous release; return
    the previous release's files that are no longer part of it (to remove)."""
    previous = previous_release(target)
    changed = [name for name, digest in previous.items()
               if _inside(target, name).is_file() and _sha256(_inside(target, name).read_bytes()) != digest]
    if changed:
        raise ReleaseError(f"these files of the previous release in {target} were changed since it was written: "
                           f"{', '.join(sorted(changed))}; nothing was written. Move them away (they may be "
                           "someone's work), then run this again.")
    foreign = [name for name in files if name not in previous and (target / name).exists()]
    if foreign:
        raise ReleaseError(f"{target} holds files the release would overwrite but did not write: "
                           f"{', '.join(sorted(foreign))}; nothing was written")
    return [_inside(target, name) for name in previous if name not in files and _inside(target, name).is_file()]


def write_release(target: Path, root: Path = ROOT) -> list[str]:
    """Write the release into ``target`` (see the module notes); the relative paths written."""
    files = release_files(root)
    stale = plan(target, files)
    for name, data in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for path in stale:
        path.unlink()
    marker = {"made by": "python3 tasks.py release", "files": {name: _sha256(data) for name, data in files.items()}}
    (target / MARKER).write_text(json.dumps(marker, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return sorted(files)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0].startswith("-"):
        print("usage: python tools/make_release.py DIR   (a new or empty folder, or a previous release)",
              file=sys.stderr)
        return 2
    target = Path(argv[0])
    try:
        written = write_release(target)
    except ReleaseError as error:
        print(f"make_release: {error}", file=sys.stderr)
        return 1
    print(f"Wrote the student release into {target}: {len(written)} files (the student editions, English and "
          f"Korean, gc_utils, "
          f"testCases, public_tests, requirements.txt, README.md). Not in it: notebooks/solutions/, "
          f"reference_solutions.py, gc_grader/.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
