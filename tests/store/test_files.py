"""The one free-name rule and the validation explainer every store uses, on real files in a tmp folder."""

from __future__ import annotations

import msgspec
import pytest

from gymtimer.store.explain import explain
from gymtimer.store.files import back_up_damaged, dashed, free_name, free_path
from gymtimer.store.sessions import SessionStore


def test_the_first_free_name_skips_every_taken_one():
    taken = {"A", "A (2)", "A (4)"}
    assert free_name("A", lambda n: f"A ({n})", taken.__contains__) == "A (3)"
    assert free_name("B", lambda n: f"B ({n})", taken.__contains__) == "B"


def test_a_file_is_numbered_before_its_suffix(tmp_path):
    assert dashed("x.json")(2) == "x-2.json" and dashed("notes")(3) == "notes-3"
    assert free_path(tmp_path, "x.json") == tmp_path / "x.json"
    (tmp_path / "x.json").write_text("1")
    (tmp_path / "x-2.json").write_text("2")
    assert free_path(tmp_path, "x.json") == tmp_path / "x-3.json"


def test_a_folder_with_no_free_name_says_so_rather_than_overwrite():
    with pytest.raises(FileExistsError):
        free_name("A", lambda n: f"A ({n})", lambda _name: True)


def test_damaged_files_are_backed_up_beside_themselves_and_never_over_each_other(tmp_path):
    path = tmp_path / "settings.json"
    for content in (b"one", b"two", b"three"):
        path.write_bytes(content)
        back_up_damaged(path, keep_original=content == b"three")
    assert (tmp_path / "settings.json.bak").read_bytes() == b"one"
    assert (tmp_path / "settings.json.bak-2").read_bytes() == b"two"
    assert (tmp_path / "settings.json.bak-3").read_bytes() == b"three" and path.read_bytes() == b"three"


def test_an_imported_session_whose_file_name_is_taken_lands_beside_it(tmp_path):
    from gymtimer.store import session_files

    store = SessionStore(tmp_path / "data")
    session = store.new_session()
    store.new_journal(session).save()
    twin = msgspec.structs.replace(session, id=session.id[:8] + "f" * 24)  # same start, same short id
    outside = tmp_path / "twin.json"
    outside.write_bytes(session_files.encode(twin))
    result = store.import_files([outside])
    assert result.imported == [twin]
    name = session_files.file_name(session)
    assert sorted(p.name for p in store.sessions_dir.iterdir()) == sorted([name, dashed(name)(2)])


class Doc(msgspec.Struct):
    note: str
    sets: list[int] = []


@pytest.mark.parametrize(("data", "what", "where", "wrong_type"), [
    ({"note": 7}, "should be text, not a whole number", "note", True),
    ({"note": "x", "sets": [1, "2"]}, "should be a whole number, not text", "sets[1]", True),
    ([], "should be an object {...}, not a list [...]", "", True),
])
def test_validation_errors_are_read_in_words_and_placed(data, what, where, wrong_type):
    with pytest.raises(msgspec.ValidationError) as caught:
        msgspec.convert(data, Doc)
    assert tuple(explain(caught.value)) == (what, where, wrong_type)


def test_a_message_of_a_check_keeps_its_words():
    with pytest.raises(msgspec.ValidationError) as caught:
        msgspec.convert({"note": "x", "extra": 1}, type=msgspec.defstruct("Strict", [("note", str)],
                                                                         forbid_unknown_fields=True))
    assert explain(caught.value) == ("Object contains unknown field `extra`", "", False)
