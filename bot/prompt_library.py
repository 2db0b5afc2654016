"""The prompt library: TOML files of story prompts, and the crisis word list, both in PROMPTS_DIR."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

CRISIS_WORDS_FILE = "crisis_words.txt"
# A `[[prompt]]` header line, as TOML allows it written (spaces, a trailing comment).
_PROMPT_HEADER = re.compile(r"^\s*\[\[\s*prompt\s*\]\]\s*(?:#.*)?$")


class PromptFileError(ValueError):
    """A prompt file can't be used; the message names the file and the line."""


@dataclass(frozen=True)
class Prompt:
    id: str
    theme: str
    text: str
    content_warning: str | None = None


@dataclass(frozen=True)
class PromptLibrary:
    prompts: tuple[Prompt, ...]
    crisis_phrases: tuple[str, ...]
    files: tuple[Path, ...]


def load_library(folder: Path) -> PromptLibrary:
    prompts: list[Prompt] = []
    seen: dict[str, Path] = {}
    files = sorted(folder.glob("*.toml"))
    for path in files:
        for prompt in _load_prompt_file(path):
            if prompt.id in seen:
                raise PromptFileError(
                    f"{path}: prompt id {prompt.id!r} is used twice (also in {seen[prompt.id].name})."
                )
            seen[prompt.id] = path
            prompts.append(prompt)
    crisis_path = folder / CRISIS_WORDS_FILE
    if not crisis_path.is_file():
        raise PromptFileError(f"{crisis_path}: the crisis word list is missing.")
    phrases = load_crisis_phrases(crisis_path)
    return PromptLibrary(tuple(prompts), phrases, (*files, crisis_path))


def load_crisis_phrases(path: Path) -> tuple[str, ...]:
    phrases = []
    for number, raw in enumerate(_read_text(path).splitlines(), start=1):
        line = raw.split("#", 1)[0].strip().lower()
        if not line:
            continue
        if not re.search(r"\w", line):
            raise PromptFileError(f"{path}, line {number}: {raw.strip()!r} has no letters to match.")
        phrases.append(line)
    if not phrases:
        raise PromptFileError(f"{path}: the crisis word list has no words or phrases.")
    return tuple(phrases)


def _read_text(path: Path) -> str:
    # utf-8-sig: a byte-order mark some editors add would otherwise break the first line.
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise PromptFileError(f"{path}, line {line}: not UTF-8 text; save the file as UTF-8.") from None
    except OSError as error:
        raise PromptFileError(f"{path}: can't be read ({error.strerror}).") from None


def _load_prompt_file(path: Path) -> list[Prompt]:
    text = _read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib's message already ends with "(at line N, column M)".
        raise PromptFileError(f"{path}: not valid TOML: {error}") from None
    tables = data.get("prompt")
    if not isinstance(tables, list):
        raise PromptFileError(f"{path}, line 1: expected a list of [[prompt]] tables.")
    starts = [number for number, line in enumerate(text.splitlines(), 1) if _PROMPT_HEADER.match(line)]
    prompts = []
    for index, table in enumerate(tables):
        line = starts[index] if index < len(starts) else 1
        prompts.append(_prompt_from(table, path, line))
    return prompts


def _prompt_from(table: dict[str, object], path: Path, line: int) -> Prompt:
    where = f"{path}, line {line}"
    for key in ("id", "theme", "text"):
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise PromptFileError(f"{where}: the prompt needs a non-empty text `{key}`.")
    warning = table.get("content_warning")
    if warning is not None and not isinstance(warning, str):
        raise PromptFileError(f"{where}: `content_warning` must be text.")
    unknown = set(table) - {"id", "theme", "text", "content_warning"}
    if unknown:
        raise PromptFileError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}.")
    return Prompt(
        id=str(table["id"]).strip(),
        theme=str(table["theme"]).strip(),
        text=str(table["text"]).strip(),
        content_warning=warning.strip() if isinstance(warning, str) and warning.strip() else None,
    )
