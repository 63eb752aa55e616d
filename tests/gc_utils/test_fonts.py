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
