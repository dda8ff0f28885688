"""Hostile and absurd input: veche must refuse it with a located diagnostic, exit 2, never a traceback.

The inputs are realistic in size (megabytes, not gigabytes) so the whole file runs in
seconds; nothing here asserts a timing.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import dsl
from dsl.parser import MAX_FILE_BYTES, MAX_LINE_CHARS
from verifier.checks import signatures
from verifier.cli import cli
from verifier.runner import run_file

PLAIN_ENV = {"FORCE_COLOR": None, "CLICOLOR_FORCE": None, "NO_COLOR": "1", "COLUMNS": "80"}
VALID_HEAD = 'constitution "Test"\npopulation { workers 1_000 }\n'


def veche_check(path: Path):
    result = CliRunner(env=PLAIN_ENV).invoke(cli, ["check", "--no-color", str(path)], catch_exceptions=False)
    return result.exit_code, result.output


def located(out: str, path: Path, code: str) -> tuple[int, int]:
    """The (line, column) of the first `path:line:col: error[code]` in the output; fails if there is none."""
    m = re.search(rf"^{re.escape(str(path))}:(\d+):(\d+): error\[{code}\]: \S", out, re.M)
    assert m, f"no located {code} diagnostic in:\n{out[:2000]}"
    return int(m.group(1)), int(m.group(2))


def refused(path: Path, code: str) -> tuple[tuple[int, int], str]:
    status, out = veche_check(path)
    assert status == 2, out[:2000]
    assert "Traceback" not in out
    assert "internal error" not in out
    return located(out, path, code), out


def write(tmp_path: Path, content: str | bytes, name: str = "input.veche") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# ---------------------------------------------------------------- not a text at all

def test_empty_file(tmp_path):
    where, _ = refused(write(tmp_path, ""), "E002")
    assert where == (1, 1)


@pytest.mark.parametrize("content", ["   \n\t\n\n", "# only a comment\n", "\n  # one\n# two\n\n   \t# three"])
def test_whitespace_and_comments_only(tmp_path, content):
    refused(write(tmp_path, content), "E002")


def test_binary_junk(tmp_path):
    rng = random.Random(20240917)
    junk = bytes(rng.getrandbits(8) for _ in range(64 * 1024))
    assert b"\x00" in junk
    (line, col), out = refused(write(tmp_path, junk), "E004")
    first_nul = junk.index(b"\x00")
    assert line == junk[:first_nul].count(b"\n") + 1
    # The offending line is shown escaped: no raw control characters reach the terminal.
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", out)


def test_binary_junk_without_nul(tmp_path):
    rng = random.Random(7)
    junk = bytes(rng.choice(range(1, 256)) for _ in range(16 * 1024))
    status, out = veche_check(write(tmp_path, junk))
    assert status == 2 and "Traceback" not in out
    assert re.search(r":\d+:\d+: error\[E00[34]\]", out)


def test_nul_bytes(tmp_path):
    where, _ = refused(write(tmp_path, VALID_HEAD.encode() + b"chamber A\x00\x00 {}\n"), "E004")
    assert where == (3, 10)


def test_control_character(tmp_path):
    where, out = refused(write(tmp_path, VALID_HEAD + "parties SR,\x07 Bolshevik\n"), "E004")
    assert where == (3, 12)
    assert "\x07" not in out and "\\u0007" in out


def test_latin1_text(tmp_path):
    text = 'constitution "République française"\npopulation { ouvriers 1_000 }\n'
    where, out = refused(write(tmp_path, text.encode("latin-1")), "E003")
    assert where == (1, 16)
    assert "0xe9" in out


def test_utf8_bom_is_accepted(tmp_path):
    path = write(tmp_path, "\ufeff" + VALID_HEAD)
    status, out = veche_check(path)
    assert status != 2, out


# ---------------------------------------------------------------- text that disguises itself

def test_bidi_override_in_name(tmp_path):
    # Trojan source: the name displays as `workers` but is spelt otherwise.
    where, out = refused(write(tmp_path, "population {\n  work\u202eers 1_000\n}\n"), "E005")
    assert where == (2, 7)
    assert "U+202E" in out and "\u202e" not in out


def test_bidi_isolates_in_string(tmp_path):
    path = write(tmp_path, 'constitution "Soviet \u2067Republic\u2069"\npopulation { workers 1_000 }\n')
    status, out = veche_check(path)
    assert status == 2 and "Traceback" not in out
    assert located(out, path, "E005") == (1, 22)
    assert f"{path}:1:31: error[E005]" in out  # both characters are reported
    assert "\u2067" not in out and "\u2069" not in out


# ---------------------------------------------------------------- sizes

def test_one_megabyte_line(tmp_path):
    line = "population { " + "w 1, " * 200_000 + "}"
    assert len(line) > 1_000_000
    where, out = refused(write(tmp_path, VALID_HEAD + line + "\n"), "E007")
    assert where == (3, MAX_LINE_CHARS + 1)
    # The echoed source line is cut, not a megabyte of output.
    assert len(out) < 5_000


def test_fifty_thousand_nested_braces(tmp_path):
    text = "population " + ("{" * 100 + "\n") * 500 + ("}" * 100 + "\n") * 500
    where, _ = refused(write(tmp_path, text), "E101")
    assert where == (1, 13)


def test_fifty_thousand_nested_braces_in_a_procedure(tmp_path):
    text = VALID_HEAD + "procedure p {\n  s: A votes " + ("{" * 100 + "\n") * 500 + ("}" * 100 + "\n") * 500
    where, _ = refused(write(tmp_path, text), "E101")
    assert where == (4, len("  s: A votes {") + 1)  # at the second `{`


def test_unclosed_braces_at_end(tmp_path):
    text = VALID_HEAD + "chamber A {\n" + "  electorate all\n" * 5
    (line, _), out = refused(write(tmp_path, text), "E103")
    assert line == 8
    assert "`chamber A` on line 3 is not closed" in out


def _keyword_soup(size: int, seed: int) -> str:
    from dsl.parser import grammar

    words = sorted({t.pattern.value for t in grammar().terminals if t.pattern.type == "str"})
    words += ["workers", "Soviet", "12_000", "50%", "2/3", "0.5", '"a text"', "deadlock-free", "[src]", "# note"]
    rng = random.Random(seed)
    lines, total = [], 0
    while total < size:
        line = " ".join(rng.choice(words) for _ in range(rng.randint(1, 14)))
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_two_megabytes_of_random_keywords(tmp_path, seed):
    text = _keyword_soup(2_000_000, seed)
    status, out = veche_check(write(tmp_path, text))
    assert status == 2 and "Traceback" not in out
    assert re.search(rf"^{re.escape(str(tmp_path))}/input\.veche:\d+:\d+: error\[E1\d\d\]: ", out, re.M), out[:2000]


def test_keyword_soup_after_a_valid_start(tmp_path):
    """The parser gets deep into valid text before the soup begins."""
    valid = VALID_HEAD + "".join(f"chamber C{i} {{ electorate all; ballot secret; seats 10 by party_list dhondt }}\n"
                                 for i in range(2_000))
    path = write(tmp_path, valid + _keyword_soup(200_000, 4))
    status, out = veche_check(path)
    assert status == 2 and "Traceback" not in out
    line, _ = located(out, path, r"E1\d\d")
    assert line > 2_000


DIGITS = "9" * 5_000
BIG_NUMBER_PLACES = {
    "inhabitants": f"population {{\n  workers {DIGITS} voters 5 districts 3\n}}\n",
    "voters": f"population {{\n  workers 1_000 voters {DIGITS}\n}}\n",
    "seats": f"population {{ workers 1_000 }}\nchamber A {{ electorate all; ballot open; seats {DIGITS} "
             "by party_list hare }\nprocedure p { start -> a; a: A votes { yes -> enacted; no -> rejected } }\n",
    "quota": f"population {{ workers 1_000 }}\nchamber A {{ electorate all; ballot open;\n"
             f"  seats by ratio {{ workers 1 per {DIGITS} voters }} }}\n",
    "within": f"population {{ workers 1_000 }}\ncheck terminates within {DIGITS} steps\n",
}


@pytest.mark.parametrize("place", sorted(BIG_NUMBER_PLACES))
def test_number_with_thousands_of_digits(tmp_path, place):
    text = BIG_NUMBER_PLACES[place]
    (line, col), out = refused(write(tmp_path, text), "E301")
    source_line = text.split("\n")[line - 1]
    assert source_line.index(DIGITS) + 1 == col
    assert "5,000 digits" in out
    assert out.count("error[") == 1  # the stand-in value does not cause follow-up errors


@pytest.mark.parametrize("number", ["9" * 3_000 + "%", "1/" + "7" * 3_000, "0." + "3" * 3_000, "3" * 3_000 + "/4"])
def test_share_with_thousands_of_digits(tmp_path, number):
    line = f"chamber A {{ electorate all; ballot secret; seats 10 by party_list dhondt; passes {number} of members }}"
    where, out = refused(write(tmp_path, VALID_HEAD + line + "\n"), "E301")
    assert where == (3, line.index(number) + 1)
    assert out.count("error[") == 1


def test_number_with_thousands_of_digits_in_a_district_file(tmp_path):
    (tmp_path / "d.csv").write_text("district,inhabitants\nnorth," + "8" * 5_000 + "\n", encoding="utf-8")
    path = write(tmp_path, 'population { regions districts from "d.csv" }\n')
    status, out = veche_check(path)
    assert status == 2 and "Traceback" not in out
    assert re.search(rf"^{re.escape(str(tmp_path / 'd.csv'))}:2:7: error\[E601\]", out, re.M), out


def test_file_larger_than_the_limit(tmp_path):
    padding = "# " + "x" * 98 + "\n"
    text = VALID_HEAD + padding * (MAX_FILE_BYTES // len(padding) + 10)
    assert len(text.encode()) > MAX_FILE_BYTES
    where, out = refused(write(tmp_path, text), "E006")
    assert where == (1, 1)


def test_binary_district_file(tmp_path):
    (tmp_path / "d.csv").write_bytes(bytes(random.Random(3).getrandbits(8) for _ in range(4096)) + b"\x00")
    where, _ = refused(write(tmp_path, 'population {\n  regions districts from "d.csv"\n}\n'), "E601")
    assert where == (2, 11)


# ---------------------------------------------------------------- not a file

def test_directory_passed_as_a_file(tmp_path):
    folder = tmp_path / "charter.veche"
    folder.mkdir()
    status, out = veche_check(folder)
    assert status == 2 and "Traceback" not in out
    assert "no .veche files found" in out
    # The front end and the runner, given the folder itself, report it located.
    loaded = dsl.load(folder, signatures())
    assert [(d.code, d.span.line, d.span.column) for d in loaded.diagnostics] == [("E001", 1, 1)]
    report = run_file(str(folder))
    assert [d.code for d in report.diagnostics] == ["E001"] and report.has_errors


def test_folder_holding_a_directory_named_like_a_constitution(tmp_path):
    (tmp_path / "sub.veche").mkdir()
    write(tmp_path, "", "empty.veche")
    status, out = veche_check(tmp_path)
    assert status == 2 and "Traceback" not in out
    located(out, tmp_path / "empty.veche", "E002")


def test_path_that_does_not_exist(tmp_path):
    missing = tmp_path / "nowhere.veche"
    status, out = veche_check(missing)
    assert status == 2 and "Traceback" not in out
    assert f"{missing}:1:1: error[E001]: cannot read the file: No such file or directory" in out
    loaded = dsl.load(missing, signatures())
    assert [(d.code, d.span.path, d.span.line, d.span.column) for d in loaded.diagnostics] == \
        [("E001", str(missing), 1, 1)]
    assert "No such file" in loaded.diagnostics[0].message


def test_unreadable_file(tmp_path, monkeypatch):
    # Root ignores file permissions, so the refusal is simulated where the file is read.
    path = write(tmp_path, VALID_HEAD)
    real_read = Path.read_bytes

    def read_bytes(self):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    where, _ = refused(path, "E001")
    assert where == (1, 1)


def test_thousands_of_errors_show_the_first_hundred_and_count_the_rest(tmp_path):
    # 5,000 groups of 0 inhabitants: 5,000 E301 errors.  Printing them all (each with its line and
    # caret) would bury the first; JSON still lists every one.
    path = write(tmp_path, 'constitution "x"\npopulation {\n' + "".join(f"  g{i} 0\n" for i in range(5000)) + "}\n")
    status, out = veche_check(path)
    assert status == 2
    assert out.count("error[E301]") == 100
    assert "… and 4,900 more diagnostics (the first 100 are shown; `--format json` lists them all)" in out
    assert f"{path}: 5000 errors; no checks run" in out
    as_json = CliRunner().invoke(cli, ["check", "--format", "json", str(path)])
    assert as_json.output.count('"E301"') == 5000
