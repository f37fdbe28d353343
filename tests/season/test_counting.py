"""字数 as Word and WPS count it: CJK one each, a non-Chinese word one, whitespace none."""

from __future__ import annotations

import pytest

from contest.season.files.counting import count_characters

CASES = [
    # 班组开展(4) QC(1) 小组活动(4) ，(1) 2026(1) 年完成率(4) 100%(1: Word's one word) 。(1)
    ("班组开展QC小组活动，2026年完成率100%。", 17),
    ("推行5S管理", 5),  # 推行 管理 4 + 5S 1
    ("“质量”——改进……", 10),  # each quote, dash and ellipsis half counts 1
    ("《质量管理》（第二版）、", 12),  # 7 Han + 《 》 （ ） 、
    ("ISO 9001:2015 认证", 4),  # ISO, 9001:2015, 认, 证
    ("ＱＣ１２", 4),  # full-width forms count one each, as Word's 中文字符 do
    ("  \t\n\u3000", 0),  # spaces, tab, line break, full-width space
    ("Q\u200bC", 1),  # a zero-width space does not split a word
    ("𠀀𪚥", 2),  # extension B characters, outside the Basic Multilingual Plane
    ("e-mail, 3.14", 2),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_characters_are_counted_as_word_counts_them(text, expected):
    assert count_characters(text) == expected
