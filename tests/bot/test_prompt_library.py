"""The prompt library: TOML files of prompts and the crisis word list; a bad file is named with its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import prompts
from bot.prompt_library import CRISIS_WORDS_FILE, Prompt, PromptFileError, load_crisis_phrases, load_library

SHIPPED = Path(prompts.__file__).resolve().parent
GOOD = """\
[[prompt]]
id = "one"
theme = "beginnings"
text = "A first step?"

[[prompt]]
id = "two"
theme = "coping"
text = "  A hard day?  "
content_warning = "may mention relapse"
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / CRISIS_WORDS_FILE).write_text("suicide\nkill myself\n", encoding="utf-8")
    return tmp_path


def test_the_shipped_library_loads() -> None:
    library = load_library(SHIPPED)
    assert len(library.prompts) >= 5
    ids = [prompt.id for prompt in library.prompts]
    assert len(ids) == len(set(ids))
    assert all(prompt.theme and prompt.text for prompt in library.prompts)
    assert {"suicide", "kill myself", "can't go on"} <= set(library.crisis_phrases)
    assert library.files[-1] == SHIPPED / CRISIS_WORDS_FILE
    assert SHIPPED / "core.toml" in library.files


def test_prompts_are_read_with_their_fields(folder: Path) -> None:
    (folder / "mine.toml").write_text(GOOD, encoding="utf-8")
    library = load_library(folder)
    assert library.prompts == (
        Prompt("one", "beginnings", "A first step?"),
        Prompt("two", "coping", "A hard day?", content_warning="may mention relapse"),
    )
    assert library.files == (folder / "mine.toml", folder / CRISIS_WORDS_FILE)


def test_files_load_in_name_order(folder: Path) -> None:
    (folder / "b.toml").write_text('[[prompt]]\nid = "b"\ntheme = "t"\ntext = "B"\n', encoding="utf-8")
    (folder / "a.toml").write_text('[[prompt]]\nid = "a"\ntheme = "t"\ntext = "A"\n', encoding="utf-8")
    assert [prompt.id for prompt in load_library(folder).prompts] == ["a", "b"]


def test_malformed_toml_names_the_file_and_line(folder: Path) -> None:
    bad = folder / "broken.toml"
    bad.write_text('[[prompt]]\nid = "one"\ntheme = "t"\ntext = unquoted words\n', encoding="utf-8")
    with pytest.raises(PromptFileError) as caught:
        load_library(folder)
    message = str(caught.value)
    assert str(bad) in message
    assert "line 4" in message


def test_a_missing_text_names_the_file_and_the_prompt_line(folder: Path) -> None:
    bad = folder / "partial.toml"
    bad.write_text(GOOD + '\n[[prompt]]\nid = "three"\ntheme = "t"\n', encoding="utf-8")
    with pytest.raises(PromptFileError, match="`text`") as caught:
        load_library(folder)
    assert str(caught.value).startswith(f"{bad}, line 12:")


def test_the_prompt_line_is_found_with_a_comment_on_the_header(folder: Path) -> None:
    bad = folder / "commented.toml"
    bad.write_text(
        '[[prompt]]  # the first one\nid = "a"\ntheme = "t"\ntext = "A"\n\n[[ prompt ]]\nid = "b"\ntheme = "t"\n',
        encoding="utf-8",
    )
    with pytest.raises(PromptFileError) as caught:
        load_library(folder)
    assert str(caught.value).startswith(f"{bad}, line 6:")


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('[[prompt]]\nid = "a"\ntheme = "t"\ntext = "   "\n', "`text`"),
        ('[[prompt]]\nid = 7\ntheme = "t"\ntext = "A"\n', "`id`"),
        ('[[prompt]]\nid = "a"\ntext = "A"\n', "`theme`"),
        ('[[prompt]]\nid = "a"\ntheme = "t"\ntext = "A"\ncontent_warning = 3\n', "content_warning"),
        ('[[prompt]]\nid = "a"\ntheme = "t"\ntext = "A"\nwarning = "typo"\n', "unknown key(s) warning"),
        ('title = "no prompts here"\n', "[[prompt]]"),
    ],
)
def test_each_field_is_checked(folder: Path, body: str, problem: str) -> None:
    (folder / "x.toml").write_text(body, encoding="utf-8")
    with pytest.raises(PromptFileError) as caught:
        load_library(folder)
    assert problem in str(caught.value)
    assert str(caught.value).startswith(f"{folder / 'x.toml'}, line 1:")


def test_duplicate_ids_are_refused(folder: Path) -> None:
    (folder / "a.toml").write_text(GOOD, encoding="utf-8")
    (folder / "b.toml").write_text('[[prompt]]\nid = "two"\ntheme = "t"\ntext = "again"\n', encoding="utf-8")
    with pytest.raises(PromptFileError, match=r"b\.toml: prompt id 'two' is used twice \(also in a\.toml\)"):
        load_library(folder)


def test_duplicate_ids_in_one_file_are_refused(folder: Path) -> None:
    (folder / "a.toml").write_text(GOOD + '\n[[prompt]]\nid = "one"\ntheme = "t"\ntext = "B"\n', encoding="utf-8")
    with pytest.raises(PromptFileError, match="'one' is used twice"):
        load_library(folder)


def test_a_missing_crisis_word_list_is_refused(tmp_path: Path) -> None:
    shutil.copy(SHIPPED / "core.toml", tmp_path / "core.toml")
    with pytest.raises(PromptFileError, match=r"crisis_words\.txt: the crisis word list is missing"):
        load_library(tmp_path)


def test_crisis_words_with_comments(tmp_path: Path) -> None:
    path = tmp_path / CRISIS_WORDS_FILE
    path.write_text(
        "# A comment line\n\n  Suicide  \nend my life   # after a phrase\n   # indented comment\nCan't go on\n",
        encoding="utf-8",
    )
    assert load_crisis_phrases(path) == ("suicide", "end my life", "can't go on")


def test_an_empty_crisis_word_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / CRISIS_WORDS_FILE
    path.write_text("# only comments\n\n", encoding="utf-8")
    with pytest.raises(PromptFileError, match="no words or phrases"):
        load_crisis_phrases(path)


def test_a_crisis_line_without_letters_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / CRISIS_WORDS_FILE
    path.write_text("suicide\n---\n", encoding="utf-8")
    with pytest.raises(PromptFileError, match=r"crisis_words\.txt, line 2: '---'"):
        load_crisis_phrases(path)


def test_a_file_that_is_not_utf8_names_its_line(folder: Path) -> None:
    bad = folder / "latin1.toml"
    bad.write_bytes('[[prompt]]\nid = "a"\ntheme = "t"\ntext = "café"\n'.encode("latin-1"))
    with pytest.raises(PromptFileError, match="not UTF-8") as caught:
        load_library(folder)
    assert str(caught.value).startswith(f"{bad}, line 4:")


def test_a_byte_order_mark_is_accepted(folder: Path) -> None:
    (folder / "bom.toml").write_text(GOOD, encoding="utf-8-sig")
    (folder / CRISIS_WORDS_FILE).write_text("suicide\n", encoding="utf-8-sig")
    library = load_library(folder)
    assert [prompt.id for prompt in library.prompts] == ["one", "two"]
    assert library.crisis_phrases == ("suicide",)
