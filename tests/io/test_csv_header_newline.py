"""The header of a CSV table is read as the csv module reads a file opened with newline="":
a bare carriage return inside it ends the row or stays inside a quoted name, never an
uncaught csv.Error (found by the batch_csv fuzz target)."""

from __future__ import annotations

from pathlib import Path

from scoring.io.csvtext import read_header


def test_a_carriage_return_in_the_header_row_is_read(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b'name,"we\rird",weight\r\n1,2,3\r\n')
    encoding, columns = read_header(path)
    assert encoding == "utf-8" and len(columns) == 3
    path.write_bytes(b"name\rweight,target\n1,2\n")  # an old-Mac line end after "name"
    assert len(read_header(path)[1]) == 1
