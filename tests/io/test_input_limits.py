"""Files as an attacker leaves them: too large, a FIFO, a dangling symlink, an unreadable file
or folder; each listed with a clear reason, none skipped, none hanging (issue: hardening)."""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoring.cli.main import main
from scoring.cli.runner import verify_files
from scoring.errors import FormError, InputErrors
from scoring.io.textfile import read_stdin_text, read_text_file
from scoring.limits import MAX_FILE_BYTES, file_too_large
from scoring.pipeline.check import expand_paths

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "indicators" / "wuchang-bigdata-2022" / "02-zhihui-wuchang-phase3.yaml"


def test_a_file_past_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written, nothing need be read
    with pytest.raises(FormError, match="larger than the limit"):
        read_text_file(big)
    assert file_too_large(MAX_FILE_BYTES) is None


def test_standard_input_past_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.TextIOWrapper(io.BytesIO(b"a" * (MAX_FILE_BYTES + 10)))
    monkeypatch.setattr(sys, "stdin", stream)
    with pytest.raises(FormError, match="larger than the limit"):
        read_stdin_text("<stdin>")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_like_a_form_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    with pytest.raises(FormError, match="not a regular file"):
        read_text_file(tmp_path / "pipe.yaml")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "forms"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(GOOD, folder / "good.yaml")
    shutil.copy(GOOD, folder / "sub" / "also-good.yaml")
    (folder / "dangling.yaml").symlink_to(folder / "nowhere.yaml")
    (folder / "loop").symlink_to(folder)  # a folder that contains itself: walked once
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.yaml")
    return folder


def test_dangling_symlinks_and_unreadable_files_are_listed_never_skipped(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    files = list(expand_paths([folder]))
    names = sorted(p.relative_to(folder).as_posix() for p in files)
    assert "dangling.yaml" in names and "good.yaml" in names and "sub/also-good.yaml" in names
    assert len(names) == len(set(names)) == 3 + hasattr(os, "mkfifo")
    out = io.StringIO()
    code = verify_files(files, None, "text", out=out, err=io.StringIO(), lang="en")
    assert code == 2
    text = out.getvalue()
    assert "dangling.yaml: cannot read the file: No such file or directory" in text
    if hasattr(os, "mkfifo"):
        assert "pipe.yaml: cannot read the file: not a regular file" in text
    assert f"{len(files)} form(s):" in text  # the good ones scored, the bad ones listed


def _walk_refusing(name: str) -> object:
    """os.walk as it goes when scandir is refused on folders ending with ``name``."""
    real_walk = os.walk

    def walk(top: str, **kwargs: object) -> object:
        onerror = kwargs["onerror"]
        for entry in real_walk(top, **kwargs):  # type: ignore[call-overload]
            if entry[0].endswith(name):
                onerror(PermissionError(13, "Permission denied", entry[0]))  # type: ignore[operator]
                continue
            yield entry

    return walk


def _refuse_as_the_kernel_would(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Root reads every file whatever its mode: refuse what a user's process would be refused."""
    real_open = os.open

    def refusing_open(path: str, flags: int, *args: int, **kwargs: int) -> int:
        if str(path).endswith("secret.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    monkeypatch.setattr(os, "walk", _walk_refusing("locked"))


def test_an_unreadable_file_and_folder_are_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "forms"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(GOOD, folder / "secret.yaml")
    (folder / "secret.yaml").chmod(0)
    (folder / "locked").chmod(0)
    if os.name != "posix" or os.geteuid() == 0:
        _refuse_as_the_kernel_would(monkeypatch, folder)
    try:
        result = CliRunner().invoke(main, ["verify", "--lang", "en", str(folder)])
    finally:
        (folder / "locked").chmod(0o755)
    assert result.exit_code == 2
    assert "secret.yaml: cannot read the file: Permission denied" in result.output
    assert "locked: cannot read the file" in result.output


def test_an_unlistable_folder_is_yielded_to_be_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    monkeypatch.setattr(os, "walk", _walk_refusing("sub"))
    files = list(expand_paths([folder]))
    assert folder / "sub" in files
    out = io.StringIO()
    verify_files(files, None, "text", out=out, err=io.StringIO(), lang="en")
    assert "sub: cannot read the file" in out.getvalue()


def test_a_form_past_the_row_limit_is_refused() -> None:
    from scoring.limits import MAX_ROWS
    from scoring.pipeline.check import load_form_text

    text = GOOD.read_text("utf-8")
    head, rest = text.split("indicators:\n", 1)
    tail = rest[rest.index("\nreported:") + 1:] if "\nreported:" in rest else ""
    row = '  - {level1: 产出指标, level2: 数量指标, name: a, weight: "1", target: "≥1", actual: "1"}\n'
    with pytest.raises((FormError, InputErrors), match=f"at most {MAX_ROWS} items"):
        load_form_text(head + "indicators:\n" + row * (MAX_ROWS + 1) + tail)
