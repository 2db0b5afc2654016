"""Crisis language: whole words, any case, common endings; never a match inside another word."""

from __future__ import annotations

from pathlib import Path

import pytest

import prompts
from bot.crisis import CrisisDetector
from bot.prompt_library import load_crisis_phrases

SHIPPED_WORDS = load_crisis_phrases(Path(prompts.__file__).resolve().parent / "crisis_words.txt")


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return CrisisDetector(SHIPPED_WORDS)


@pytest.mark.parametrize(
    "text",
    [
        "suicide",
        "SUICIDE",
        "I've been having Suicidal thoughts",
        "thinking about suicide.",
        "I keep thinking about killing myself",
        "I want to die",
        "i just wanna die tbh",
        "Honestly I cant go on",
        "I can't go on like this",
        "I can’t go on like this",  # a typographic apostrophe, as phones type it
        "I overdosed last year",
        "thinking about overdosing",
        "I've been cutting myself again",
        "I hurt myself yesterday",
        "self-harm",
        "self harm",
        "self harming",
        "they'd be better off dead without me",
        "I'm done. End it all.",
        "there's no reason to live",
        "I want to end my life",
        "ending my life",
        "I want to take my own life",
        "thinking I'll take my life",
        "I don't want to live anymore",
        "I don‘t want to live anymore",  # a left single quote, as some keyboards type it
        "I don't want to be here anymore",
        "there's no point in living",
        "I wish I were dead",
        "sometimes I wish I was dead",
        "I want to hang myself",
        "thinking about unaliving myself",
        "lowkey want to kms",
        "I just want to end it",
        "I'm going to end it tonight",
    ],
)
def test_crisis_language_is_recognised(detector: CrisisDetector, text: str) -> None:
    assert detector.matches(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Today was okay, a bit tired",
        "listening to suicideboys on repeat",  # inside another word: whole words only
        "my skills are improving",
        "this workout is killing me",
        "I killed it at the interview",
        "I cut my hair myself",
        "the weekend it all went fine",
        "I can go on a walk later",
        "the die is cast",
        "I want to live by the sea",
    ],
)
def test_everyday_words_are_not_crisis_language(detector: CrisisDetector, text: str) -> None:
    assert not detector.matches(text)


def test_only_the_given_phrases_are_used() -> None:
    detector = CrisisDetector(["hopeless"])
    assert detector.matches("Feeling HOPELESS tonight")
    assert not detector.matches("I want to die")


def test_a_phrase_matches_only_as_a_whole() -> None:
    detector = CrisisDetector(["end my life"])
    assert detector.matches("I want to end   my life")
    assert not detector.matches("my life will end")
    assert not detector.matches("end")


def test_regex_characters_in_a_phrase_are_literal() -> None:
    detector = CrisisDetector(["c.t"])
    assert detector.matches("c.t")
    assert not detector.matches("cat")


def test_no_phrases_matches_nothing() -> None:
    assert not CrisisDetector([]).matches("suicide")
    assert not CrisisDetector(["  ", "-"]).matches("suicide -")
