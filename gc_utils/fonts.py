"""A font with Hangul for figures in Korean: NanumGothic, shipped by the PyPI package ``koreanize-matplotlib``
(a requirement of the lesson, so ``pip install -r requirements.txt`` brings it on every OS).

Only the font file is used: it is registered with matplotlib and put after matplotlib's own DejaVu Sans in the
font list, so Latin, Greek and mathematical signs (θ, ε, ‖, −) keep their usual glyphs and matplotlib (≥ 3.6)
takes each Hangul glyph from NanumGothic.
"""

from __future__ import annotations

from importlib import util
from pathlib import Path

HANGUL_FONT = "NanumGothic"


def hangul_font_path() -> Path:
    """The NanumGothic file that ``koreanize-matplotlib`` installs."""
    spec = util.find_spec("koreanize_matplotlib")  # located, not imported: its import changes matplotlib's settings
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("Korean figures need the package koreanize-matplotlib (it ships a font with "
                                  "Hangul): pip install -r requirements.txt")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts" / f"{HANGUL_FONT}.ttf"


def use_hangul_font() -> str:
    """Register NanumGothic with matplotlib and make it the fallback for glyphs DejaVu Sans lacks; return its
    family name. Calling it again changes nothing."""
    from matplotlib import font_manager, rcParams

    path = hangul_font_path()
    if HANGUL_FONT not in {font.name for font in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    rcParams["font.family"] = ["DejaVu Sans", HANGUL_FONT]  # named families: matplotlib falls back glyph by glyph
    return HANGUL_FONT
