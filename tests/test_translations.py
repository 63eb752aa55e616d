"""The translated editions: in step with the English sources (run by the normal suite, so CI checks it)."""

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
KOREAN = ROOT / "notebooks" / "solutions" / "ko" / "Gradient_Checking.ipynb"


def sync(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(root / "tools" / "sync_translations.py"), *args], cwd=root,
                          capture_output=True, text=True, timeout=60)


def test_every_translation_is_in_step_with_its_english_cell():
    result = sync(ROOT, "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_changed_english_cell_is_named_until_its_translation_is_updated(tmp_path):
    for name in ("sync_translations.py", "notebook_steps.py"):
        (tmp_path / "tools").mkdir(exist_ok=True)
        shutil.copy(ROOT / "tools" / name, tmp_path / "tools" / name)
    solutions = tmp_path / "notebooks" / "solutions"
    (solutions / "ko").mkdir(parents=True)
    shutil.copy(KOREAN, solutions / "ko" / KOREAN.name)
    english = nbformat.read(ROOT / "notebooks" / "solutions" / KOREAN.name, as_version=4)
    cell = next(c for c in english.cells if c.cell_type == "markdown" and c.source.startswith("### Exercise 1"))
    cell.source = "### Exercise 1 - forward_propagation, reworded\n\nReturn J."
    nbformat.write(english, solutions / KOREAN.name)

    result = sync(tmp_path, "--check")
    assert result.returncode == 1
    assert f"cell {cell.id} changed in English since it was translated" in result.stdout
    assert "English:    ### Exercise 1 - forward_propagation, reworded" in result.stdout
    assert "translated: ### 연습 1 - forward_propagation" in result.stdout

    assert sync(tmp_path, "--update").returncode == 0
    assert sync(tmp_path, "--check").returncode == 0


@pytest.mark.parametrize("name", ["Gradient_Checking.ipynb", "Gradient_Checking_in_Practice.ipynb",
                                  "Gradient_Checking_Your_Own_Layers.ipynb"])
def test_korean_student_edition_is_generated_from_the_korean_solution_edition(name):
    student = nbformat.read(ROOT / "notebooks" / "ko" / name, as_version=4)
    solution = nbformat.read(ROOT / "notebooks" / "solutions" / "ko" / name, as_version=4)
    assert student.metadata["generated"]["from"] == f"notebooks/solutions/ko/{name}"
    assert any('set_language("ko")' in c.source for c in student.cells if c.cell_type == "code")
    assert not any("### BEGIN SOLUTION" in c.source for c in student.cells)
    # the same cells as the Korean solution edition: its Korean prose, not the English one
    assert [c.id for c in student.cells] == [c.id for c in solution.cells]
    prose = [c.source for c in solution.cells if c.cell_type == "markdown"]
    assert [c.source for c in student.cells if c.cell_type == "markdown"] == prose
