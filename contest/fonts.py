"""Find a Chinese font before making a PDF: without one every glyph prints as a tofu box."""

from __future__ import annotations

import subprocess

# Preferred families, best first; any other family fontconfig lists for Chinese also works.
PREFERRED = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
)

MESSAGE = "未找到中文字体（如 Noto Sans CJK SC），无法生成 PDF；请安装 fonts-noto-cjk"


class MissingFontError(RuntimeError):
    """No font that covers Chinese is installed (or fontconfig is missing)."""

    def __init__(self, message: str = MESSAGE) -> None:
        super().__init__(message)


def chinese_families() -> list[str]:
    """Every font family fontconfig lists for Chinese, in its order."""
    try:
        result = subprocess.run(
            ["fc-list", ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if result.returncode != 0:
        return []
    families: list[str] = []
    for line in result.stdout.splitlines():
        # A line may hold several localized names of one family, comma separated.
        for name in line.split(","):
            name = name.strip().replace("\\-", "-")
            if name and name not in families:
                families.append(name)
    return families


def require_cjk_font() -> str:
    """The family to set Chinese text in; raises MissingFontError when there is none."""
    families = chinese_families()
    for name in PREFERRED:
        if name in families:
            return name
    # Monospaced CJK families are a last resort: they still have every glyph.
    plain = [name for name in families if "Mono" not in name]
    if plain or families:
        return (plain or families)[0]
    raise MissingFontError()
