"""The Korean editions read as Korean: bold renders, particles agree with their words, nothing left in English.

- **Bold.** CommonMark closes ``**`` only where it is right-flanking: ``**경사 검사(gradient checking)**는`` has a
  punctuation mark before the closing ``**`` and a letter after it, so the asterisks are shown as they are. Every
  Markdown cell of every notebook is rendered with markdown-it-py (the CommonMark parser that JupyterLab-like
  renderers follow; math is taken out first, as JupyterLab does) and no ``**`` may be left in the text.
- **Particles.** A particle must agree with the last syllable of its word (은/는, 이/가, 을/를, 과/와, (으)로); a
  template such as "{name}이(가)" reads as a form to fill in. Every text a student sees in Korean is searched for one.
- **English.** What the Korean editions print, and their feedback, is Korean (code, numbers and names aside).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))
KOREAN_NOTEBOOKS = [path for path in NOTEBOOKS if path.parent.name == "ko"]
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", re.S)
CODE = re.compile(r"<code>.*?</code>|<pre>.*?</pre>", re.S)
TEMPLATE_PARTICLE = re.compile(r"이\(가\)|가\(이\)|을\(를\)|를\(을\)|은\(는\)|는\(은\)|와\(과\)|과\(와\)"
                               r"|\((?:이|으)\)[가-힣]")
ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,}(?: [a-z]{2,}){3,}\b")
"""Four English words in a row: a sentence left untranslated (names and code are single words)."""


def rendered_text(markdown: str) -> str:
    """What a reader sees of a Markdown cell: rendered by CommonMark, without math, code or tags."""
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("table").render(MATH.sub("MATH", markdown))
    return html.unescape(re.sub(r"<[^>]+>", "", CODE.sub("", rendered)))


def literal_asterisks(markdown: str) -> list[str]:
    text = rendered_text(markdown)
    return [text[max(0, m.start() - 30):m.end() + 10] for m in re.finditer(r"\*\*", text)]


def test_the_renderer_shows_the_asterisks_of_bold_closed_after_a_parenthesis():
    """The check can fail: the pattern of issue 23, and the fix made in the notebooks."""
    assert literal_asterisks("**경사 검사(gradient checking)**는 실수를 잡아냅니다.")
    assert not literal_asterisks("**경사 검사**(gradient checking)는 실수를 잡아냅니다.")
    assert not literal_asterisks("`x ** 2` and $a^{**}$ are code and math")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_bold_renders_in_every_markdown_cell(path):
    cells = [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "markdown"]
    left = {cell.id: found for cell in cells if (found := literal_asterisks(cell.source))}
    assert left == {}, "** shown as text: put the parenthesis or the particle outside the bold"


def student_visible_korean() -> dict[str, str]:
    """Every Korean text a student can see, by where it comes from."""
    from gc_utils import i18n

    texts = {f"gc_utils/locales/ko.py:{key}": value for key, value in i18n.messages("ko").items()}
    for path in KOREAN_NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            texts[f"{path.relative_to(ROOT)}:{cell.id}"] = cell.source
            for number, output in enumerate(cell.get("outputs", [])):
                text = output.get("text", "") + "".join(
                    value for mime, value in output.get("data", {}).items() if mime in ("text/plain", "text/html"))
                texts[f"{path.relative_to(ROOT)}:{cell.id}:output {number}"] = text
    readme = (ROOT / "tools" / "release_README.md").read_text(encoding="utf-8")
    texts["tools/release_README.md"] = readme[readme.index("## 한국어판"):]  # the students' README, its Korean part
    return texts


def test_no_template_particle_is_left():
    found = {where: TEMPLATE_PARTICLE.findall(text) for where, text in student_visible_korean().items()}
    assert {where: particles for where, particles in found.items() if particles} == {}, (
        "choose the particle by the last syllable, or rephrase so that a fixed word carries it "
        "('{name} 함수가', '{value} 값을')")


def test_the_template_search_can_fail():
    assert TEMPLATE_PARTICLE.findall("여러분의 {name}이(가) {value}을(를) 반환했습니다. x = {v}(으)로")
    assert not TEMPLATE_PARTICLE.findall("여러분의 {name} 함수가 {value} 값을 반환했습니다 (이 값은 3)")


def english_sentences(text: str) -> list[str]:
    text = re.sub(r"`[^`]*`", "", re.sub(r'src="[^"]*"', "", text))  # code spans and data URLs are not prose
    return ENGLISH_SENTENCE.findall(text)


@pytest.mark.parametrize("path", [p for p in KOREAN_NOTEBOOKS if p.parent.parent.name == "solutions"],
                         ids=lambda p: p.name)
def test_the_korean_editions_print_korean(path):
    """Stored outputs (what the code prints, the tests' feedback, the figures' alt text) are Korean."""
    english = {}
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            text = output.get("text", "") + "".join(
                value for mime, value in output.get("data", {}).items() if mime in ("text/plain", "text/html"))
            if found := english_sentences(text):
                english[cell.id] = found
    assert english == {}


def test_the_english_search_can_fail():
    assert english_sentences("\x1b[93mThere is a mistake in the backward propagation! difference = 0.28")
    assert not english_sentences("역전파에 실수가 있습니다! difference = 0.28 (`np.linalg.norm` of the vector)")


def test_korean_feedback_texts_are_korean():
    """The catalogues' Korean texts: code names and formulas may stay, English sentences may not."""
    english = {where: found for where, text in student_visible_korean().items()
               if not where.startswith("notebooks") and (found := english_sentences(text))}
    assert english == {}


def test_the_graders_own_reasons_are_said_in_korean():
    """``--language ko``: why an exercise timed out, crashed or is missing, as the sandbox and the extractor word it,
    reaches the feedback in Korean."""
    import signal

    from gc_grader import child, jobs
    from gc_grader.messages import REASONS, reason
    from gc_utils import i18n

    english = [jobs.describe_exit(status, out_of_memory, 1024 * 2**20)[1] for status, out_of_memory in
               [(signal.SIGXCPU, False), (signal.SIGKILL, True), (signal.SIGKILL, False), (signal.SIGSEGV, False),
                (70 << 8, False), (3 << 8, False)]]
    english += ["no answer within 10 s while defining the function",
                "no answer within 10 s while running gradient_check",
                "no answer within 10 s while running gradient_check, after more than 256 KiB of output",
                "no answer within 10 s while defining the function, after more than 256 KiB of output",
                "the process ended without reporting (while defining the function)",
                "reading it failed (ValueError)",
                "the process sent something that is not a result (a frame of 3 MiB)",
                "the grader could not start a process for it", "its definition did not run",
                child._sabotage(["np.linalg.norm"], "being defined"), child._sabotage(["sys.modules"], "running"),
                "No definition of `gradient_check` was found in the notebook.",
                "The cell that defines `gradient_check` (cell 19) has a syntax error in line 4: invalid syntax."]
    i18n.set_language("ko", figures=False)
    try:
        korean = {text: reason(text) for text in english}
    finally:
        i18n.set_language("en")
    assert {text: said for text, said in korean.items() if said == text or english_sentences(said)} == {}
    assert len({korean for _, korean in REASONS}) == len(REASONS)
    assert reason("the process was killed (SIGKILL)") == "the process was killed (SIGKILL)"  # English by default
