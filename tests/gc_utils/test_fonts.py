"""Korean text in figures: drawn with a font that has every Hangul glyph, without a missing-glyph warning."""

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

from gc_utils import fonts, i18n  # noqa: E402

KOREAN = "경사 검사: 상대 차이와 반올림 오차"


def test_the_hangul_font_has_every_glyph_of_a_korean_title():
    font = FT2Font(str(fonts.hangul_font_path()))
    missing = [c for c in KOREAN.replace(" ", "").replace(":", "") if font.get_char_index(ord(c)) == 0]
    assert missing == []


def test_a_korean_figure_renders_without_missing_glyphs():
    i18n.set_language("ko")
    try:
        figure, axes = plt.subplots()
        axes.set_title(KOREAN + " (θ, ε = 1e-7)")
        axes.set_xlabel("ε, 중심 차분의 간격")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            figure.savefig(io.BytesIO(), format="png")
        plt.close(figure)
    finally:
        i18n.set_language("en")
    assert not [w for w in caught if "missing from" in str(w.message)], [str(w.message) for w in caught]
    used = font_manager.findfont(font_manager.FontProperties(family=fonts.HANGUL_FONT), fallback_to_default=False)
    assert FT2Font(used).get_char_index(ord("경")) != 0


def test_every_character_of_the_korean_figure_texts_has_a_glyph():
    """Each character of every Korean legend, label, title and control text is in DejaVu Sans or NanumGothic, the
    fonts a Korean figure uses; and none is mathtext (``$...$``), whose fonts have no Hangul and no fallback."""
    import re

    texts = [*i18n.catalogues("figures")["ko"].values(), *i18n.catalogues("widgets")["ko"].values()]
    assert [t for t in texts if "$" in t] == []
    fonts_used = [FT2Font(font_manager.findfont("DejaVu Sans")), FT2Font(str(fonts.hangul_font_path()))]
    characters = {c for t in texts for c in re.sub(r"\{[^}]*\}", "", t) if not c.isspace()}
    missing = sorted(c for c in characters if all(font.get_char_index(ord(c)) == 0 for font in fonts_used))
    assert missing == []


def test_korean_explorer_and_practice_figures_render_without_font_warnings(caplog):
    """Drawn, not only looked up: a missing glyph is a warning (Agg) or a log record (mathtext's 'default' font)."""
    import numpy as np
    from matplotlib.figure import Figure

    from gc_utils import plots, practice_plots

    i18n.set_language("ko")
    try:
        bars = Figure()
        plots.plot_block_bars(bars.subplots(), ["W1", "b1", "all"], threshold=2e-7, bug_level=1e-3,
                              title="매개변수 블록별 상대 차이")
        epsilons = np.logspace(-12, -1, 12)
        differences = {"central": np.logspace(-5, -12, 12), "forward": np.logspace(-4, -8, 12)}
        tradeoff = practice_plots.plot_epsilon_tradeoff(epsilons, {"float64": differences}, {"float64": 2.0 ** -53})
        with warnings.catch_warnings(record=True) as caught, caplog.at_level("WARNING"):
            warnings.simplefilter("always")
            for figure in (bars, tradeoff):
                figure.savefig(io.BytesIO(), format="png")
    finally:
        i18n.set_language("en")
    assert "문턱값 2e-07" in [t.get_text() for t in bars.axes[0].get_legend().get_texts()]
    about_fonts = [str(w.message) for w in caught if any(word in str(w.message).lower() for word in ("glyph", "font"))]
    assert about_fonts == []  # others (pyparsing's deprecations under old matplotlib) are not about Hangul
    assert [r.getMessage() for r in caplog.records if "glyph" in r.getMessage()] == []
