"""Counts written as digits or words ("four", "15-20", "a dozen") -> int."""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "no": 0, "none": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "both": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "pair": 2, "couple": 2,
}
_DIGITS = re.compile(r"^(\d{1,5})(?:\s*[-–]\s*\d{1,5})?$")


def parse_count(text: str) -> int | None:
    """The count a short phrase states, or None. Ranges keep their lower bound ("15-20" -> 15)."""
    cleaned = text.strip().lower().replace(",", "")
    match = _DIGITS.match(cleaned)
    if match:
        return int(match.group(1))
    total = 0
    seen = False
    for word in re.split(r"[\s-]+", cleaned):
        if word in _UNITS:
            value = _UNITS[word]
            if value == 100 and total:
                total *= 100
            else:
                total += value
            seen = True
        elif word not in ("and", "another", "at", "least", "some", "about", "nearly", "almost", "over"):
            return None
    return total if seen else None
