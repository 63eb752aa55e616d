"""What a reader who cannot see the figures, or who uses a keyboard and a screen reader, gets.

- Every figure output stored in every notebook carries alt text, in the form ``gc_utils.figures.figure_output``
  gives it (an ``<img alt=...>`` beside the PNG: JupyterLab shows an image output's PNG without any alt);
- every control of the explorers has an accessible name, and their live figure is an ``<img>`` with alt text;
- a link from a notebook to another one works from the student's copy in ``work/`` too.

The browser test (``tests/test_browser.py``) runs axe-core on the lesson in JupyterLab.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import ipywidgets as widgets
import nbformat
import pytest
from matplotlib.figure import Figure

from gc_utils import network
from gc_utils.figures import MIN_ALT_LENGTH, PNG_SIGNATURE, figure_output
from gc_utils.widgets import BugInjector1D, BugInjectorND, EpsilonExplorer1D, EpsilonExplorerND
from testCases import gradient_check_n_test_case
from tests.gc_utils.widgets.students import student

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))
IMG = re.compile(r'<img class="gc-figure" src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"')


def figure_outputs(path: Path) -> list[tuple[str, dict]]:
    """(cell id, output) of every output of ``path`` that holds a picture."""
    return [(cell.id, output) for cell in nbformat.read(path, as_version=4).cells for output in cell.get("outputs", [])
            if any(mime.startswith("image/") for mime in output.get("data", {}))]


def alt_problems(output: dict) -> list[str]:
    """What keeps a figure output from carrying its alt text everywhere; empty when nothing does."""
    data, metadata = output.get("data", {}), output.get("metadata", {})
    alt = metadata.get("image/png", {}).get("alt", "")
    problems = [] if len(alt) >= MIN_ALT_LENGTH else ["no alt text in the PNG's metadata"]
    img = IMG.search(data.get("text/html", ""))
    if img is None:
        problems.append("no <img> with alt text beside the PNG (JupyterLab shows a PNG output without alt)")
    else:
        if html.unescape(img.group(2)) != alt:
            problems.append("the <img>'s alt is not the PNG's")
        if img.group(1) != data.get("image/png", "").replace("\n", ""):
            problems.append("the <img> shows another picture than the PNG")
    if not data.get("text/plain", "").endswith(alt):
        problems.append("the text version is not the alt text")
    return problems


def test_figure_output_gives_the_picture_with_its_alt_text_to_every_front_end():
    figure = Figure(figsize=(2, 1), dpi=50)
    figure.subplots().plot([0, 1], [1, 0])
    output = figure_output(figure, 'A falling line from (0, 1) to (1, 0), "drawn" for the test & nothing else.')
    data, metadata = output.mimebundle()
    assert base64.b64decode(data["image/png"]).startswith(PNG_SIGNATURE)
    assert 'alt="A falling line from (0, 1) to (1, 0), &quot;drawn&quot; for the test &amp; nothing else."' in (
        data["text/html"])
    assert alt_problems({"data": data, "metadata": metadata}) == []


@pytest.mark.parametrize("alt", [None, "", "   ", "a figure"])
def test_a_figure_without_a_description_is_refused(alt):
    with pytest.raises(ValueError, match="alt text that says what it shows"):
        figure_output(PNG_SIGNATURE + bytes(16), alt)


def test_the_stored_figure_check_can_fail():
    """A matplotlib figure displayed as the inline backend does (image/png and its repr): what every figure output
    of the notebooks was before issue 23."""
    plain = {"data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure size 640x480 with 1 Axes>"}, "metadata": {}}
    assert alt_problems(plain) == ["no alt text in the PNG's metadata", "no <img> with alt text beside the PNG "
                                   "(JupyterLab shows a PNG output without alt)"]


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if figure_outputs(p)], ids=lambda p: str(p.relative_to(ROOT)))
def test_every_stored_figure_output_has_alt_text(path):
    found = {cell_id: problems for cell_id, output in figure_outputs(path) if (problems := alt_problems(output))}
    assert found == {}


def test_the_solution_editions_have_their_figures():
    """The alt-text test above sees every figure: four explorers and four practice figures in each language, and
    the layers notebook's four figures and its explorer."""
    counts = {str(p.relative_to(ROOT / "notebooks")): len(figure_outputs(p)) for p in NOTEBOOKS if figure_outputs(p)}
    assert counts == {"solutions/Gradient_Checking.ipynb": 4, "solutions/Gradient_Checking_in_Practice.ipynb": 4,
                      "solutions/ko/Gradient_Checking.ipynb": 4, "solutions/ko/Gradient_Checking_in_Practice.ipynb": 4,
                      "solutions/Gradient_Checking_Your_Own_Layers.ipynb": 5,
                      "solutions/ko/Gradient_Checking_Your_Own_Layers.ipynb": 5}


def _explorers():
    X, Y, parameters = gradient_check_n_test_case()
    me = student()
    return [EpsilonExplorer1D(me["gradient_check"]), BugInjector1D(me["gradient_check"]),
            EpsilonExplorerND(X, Y, parameters, me["gradient_check_n"], me["backward_propagation_n"]),
            BugInjectorND(X, Y, parameters, me["gradient_check_n"], bugs=network.LESSON_BUGS)]


def _leaves(widget: widgets.Widget) -> list[widgets.Widget]:
    children = getattr(widget, "children", None)
    return [leaf for child in children for leaf in _leaves(child)] if children is not None else [widget]


def unnamed_controls(explorer) -> list[str]:
    """The controls of ``explorer`` that a screen reader could not name: a control's name is its description (or
    its options' labels, for buttons), shown beside it; the readout and the figure are not controls."""
    unnamed = []
    for leaf in _leaves(explorer.widget):
        if leaf is explorer.readout or leaf is explorer.image:
            continue
        if not (getattr(leaf, "description", "") or "").strip():
            unnamed.append(type(leaf).__name__)
        if isinstance(leaf, widgets.ToggleButtons) and not all(str(label).strip() for label in leaf._options_labels):
            unnamed.append(f"{type(leaf).__name__} option")
    return unnamed


def test_every_control_has_an_accessible_name_and_the_live_figure_alt_text():
    for explorer in _explorers():
        assert unnamed_controls(explorer) == [], type(explorer).__name__
        img = IMG.search(explorer.image.value)
        assert img is not None and html.unescape(img.group(2)) == explorer.alt_text()
        explorer.close()


def test_the_name_check_can_fail():
    explorer = EpsilonExplorer1D(student()["gradient_check"])  # the one it looks at (_explorers() makes four)
    explorer.epsilon_slider.description = ""
    assert unnamed_controls(explorer) == ["FloatLogSlider"]
    explorer.close()


STUDENT_EDITIONS = [p for p in NOTEBOOKS if "solutions" not in p.parts]
LINK = re.compile(r"\]\(([^)\s]+\.ipynb)\)")


@pytest.mark.parametrize("path", STUDENT_EDITIONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_between_notebooks_work_from_the_students_copy(path):
    """``python3 tasks.py lesson`` copies the student editions into work/ keeping their folders (notebooks/X ->
    work/X, notebooks/ko/X -> work/ko/X): a link relative to the notebook reaches the student's own copy there, as
    it reaches the student edition on Binder. Colab gets its own link."""
    import tasks

    sources = {p.resolve() for p in tasks.STUDENT_NOTEBOOKS}
    markdown = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    relative = [target for target in LINK.findall(markdown) if not target.startswith("http")]
    if path.stem == "Gradient_Checking":  # the assignment ends with the way to the practice notebook
        assert relative == ["Gradient_Checking_in_Practice.ipynb"]
        assert "colab.research.google.com" in markdown.split("\n## ")[-1]
    for target in relative:
        assert (path.parent / target).resolve() in sources, target
