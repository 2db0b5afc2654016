"""Recognising crisis language in what a member wrote, so the bot can answer with resources at once."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Common endings, so "suicidal thoughts", "killing myself" and "overdosed" are all recognised.
_SUFFIX = r"(?:s|es|d|ed|ing|ly)?"


def _word(word: str) -> str:
    forms = [re.escape(word) + _SUFFIX]
    if len(word) > 2 and word.endswith("e"):
        forms.append(re.escape(word[:-1]) + "ing")  # overdose -> overdosing
    if re.fullmatch(r"[a-z]*[^aeiou][aeiou][bdgklmnprt]", word):
        forms.append(re.escape(word + word[-1]) + "(?:ing|ed)")  # cut -> cutting
    return "(?:" + "|".join(forms) + ")"


def _normalise(text: str) -> str:
    return text.lower().replace("’", "").replace("‘", "").replace("'", "")


class CrisisDetector:
    def __init__(self, phrases: Iterable[str]) -> None:
        patterns = []
        for phrase in phrases:
            words = re.split(r"[\s\-_]+", _normalise(phrase).strip())
            words = [word for word in words if word]
            if not words:
                continue
            body = r"[\s\-_]+".join(_word(word) for word in words)
            patterns.append(rf"\b{body}\b")
        self._pattern = re.compile("|".join(patterns)) if patterns else None

    def matches(self, text: str) -> bool:
        return bool(self._pattern and self._pattern.search(_normalise(text)))
