"""A question's number is found in exactly the chunks a whole-figure regular expression finds."""

from __future__ import annotations

import random
import re

import numpy as np

from esgqa.index.textscan import TextScan


def test_whole_figures_only() -> None:
    texts = ["pue为1.215", "11.215不是", "1.2150也不是", "", "两处1.215和1.215", "结尾1.215"]
    assert TextScan(texts).number_rows("1.215").tolist() == [0, 4, 5]
    assert TextScan(texts).number_rows("9.9").tolist() == []
    assert TextScan([]).number_rows("1").tolist() == []


def test_agrees_with_the_regular_expression() -> None:
    rng = random.Random(5)
    texts = ["".join(rng.choice("0123456789.,万元 ") for _ in range(rng.randint(0, 40))) for _ in range(400)]
    scan = TextScan(texts)
    for number in ("1", "12", "3.5", "2,3", "0.0", "45"):
        pattern = re.compile(rf"(?<![\d.]){re.escape(number)}(?![\d])")
        expected = [i for i, t in enumerate(texts) if pattern.search(t)]
        assert scan.number_rows(number).tolist() == expected, number
        some = np.arange(0, 400, 3)
        assert scan.number_rows(number, some).tolist() == [i for i in expected if i % 3 == 0], number
