"""Import limits that keep a small file from taking the machine's memory.

The corpus (tests/bad_input/csv_blank_lines, parquet_zip_bomb, parquet_too_many_rows)
holds one file of each kind; here the counting itself and the cases too big to store.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from salescoach import importer
from salescoach.importer import DataImportError

ROOT = Path(__file__).resolve().parent.parent


def _reference_count(data: bytes) -> tuple[int, int]:
    lines = data.split(b"\n")[:-1]  # the text after the last newline is no counted line
    return len(lines), sum(1 for line in lines if not line.strip(b" \t\r,;\x00"))


@pytest.mark.parametrize(
    "data",
    [
        b"a;b\n\n;;\nS1;x\n  \t\r\n\n",
        b"\n\n\n",
        b"header\nno newline at the end",
        b"h\n" + b"x" * 40 + b"\n\n" + b";" * 30 + b"\ny\n",  # content and blanks across chunk borders
        "seller_id\tname\r\nS1\tÄ\r\n\t\r\n".encode("utf-16-le"),
    ],
)
def test_lines_and_blank_lines_are_counted_across_chunks(tmp_path, monkeypatch, data):
    monkeypatch.setattr(importer, "_CHUNK", 3)  # 3-byte chunks: every border is crossed
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    assert importer._count_lines(path, 10**9, 10**9) == _reference_count(data)


def test_csv_with_too_many_lines_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "MAX_IMPORT_ROWS", 10)
    (tmp_path / "sellers.csv").write_text(
        "seller_id,name,team\n" + "".join(f"S{i},N{i},A\n" for i in range(10)), encoding="utf-8"
    )
    with pytest.raises(DataImportError) as error:
        importer.read_folder(tmp_path)
    (problem,) = error.value.problems
    assert problem.file == "sellers.csv"
    assert problem.message.startswith("the file has more than 10 lines (the limit); import it in parts")


def test_twenty_million_blank_lines_are_refused_quickly_in_little_memory(tmp_path):
    """Before the limit this 20 MB file took 35 s and 1.5 GB; a 200 MB one would take 15 GB."""
    folder = tmp_path / "import"
    folder.mkdir()
    with (folder / "sellers.csv").open("wb") as handle:
        handle.write(b"seller_id;name;team\nS1;A;B\n")
        handle.write(b"\n" * 20_000_000)
    script = textwrap.dedent(
        f"""
        import time
        from salescoach import importer
        start = time.monotonic()
        try:
            importer.read_folder({str(folder)!r})
        except importer.DataImportError as error:
            print(error.problems[0].message)
        print(time.monotonic() - start)
        # VmHWM: this process image's peak (ru_maxrss would include the forked pytest's)
        hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
        print(int(hwm.split()[1]) // 1024)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    ).stdout.splitlines()
    message, seconds, peak_mb = out[0], float(out[1]), int(out[2])
    assert message.startswith("the file has more than 100,000 blank lines")
    assert seconds < 5
    assert peak_mb < 400, peak_mb  # the interpreter with pandas and pyarrow is about 150 MB


def test_parquet_unpacked_size_is_refused_from_the_footer_alone(tmp_path, monkeypatch):
    """Plain-encoded, well-compressed text: the footer's uncompressed sizes give it away."""
    monkeypatch.setattr(importer, "MAX_PARQUET_DECODED_BYTES", 1024 * 1024)
    table = pa.table({"seller_id": pa.array(["S" * 1000] * 3000), "name": ["x"] * 3000, "team": ["A"] * 3000})
    pq.write_table(table, tmp_path / "sellers.parquet", use_dictionary=False, compression="zstd")
    assert (tmp_path / "sellers.parquet").stat().st_size < 100_000

    def never(*args, **kwargs):
        raise AssertionError("the data was read")

    monkeypatch.setattr(pq, "read_table", never)
    with pytest.raises(DataImportError) as error:
        importer.read_folder(tmp_path)
    (problem,) = error.value.problems
    assert problem.file == "sellers.parquet"
    assert problem.message.startswith("the data unpacks to 2.9 MB; the limit is 1 MB")


def test_parquet_under_the_limits_reads_as_before(tmp_path):
    import pandas as pd

    frame = pd.DataFrame(
        {"seller_id": ["S1", "S2", None], "value": [1.5, None, 3.0], "active": [True, None, False]}
    )
    frame.to_parquet(tmp_path / "x.parquet")
    pd.testing.assert_frame_equal(
        importer._read_parquet(tmp_path / "x.parquet", "x"), pd.read_parquet(tmp_path / "x.parquet")
    )
