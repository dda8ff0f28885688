"""District sizes read from a CSV file beside the constitution.

Format: a header row naming the columns `district` (or `name`), `inhabitants` and,
optionally, `voters`; one row per district.  Lines starting with `#` are comments,
so the source of the numbers can sit in the file itself.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import E_DATA, Diagnostic, Span

MAX_CSV_BYTES = 16 * 1024 * 1024
MAX_NUMBER = 10**15


@dataclass(frozen=True)
class DistrictRow:
    name: str
    inhabitants: int
    voters: int | None
    span: Span


def _number(text: str, span: Span, column: str, out: list[Diagnostic]) -> int | None:
    cleaned = text.strip().replace("_", "").replace(",", "")
    if not cleaned.isdigit() or len(cleaned) > 16 or int(cleaned) > MAX_NUMBER:
        out.append(Diagnostic(E_DATA, f"`{text.strip()[:30]}` is not a whole number of {column}", span,
                              hint="write counts as plain digits, e.g. 125000"))
        return None
    return int(cleaned)


def _cell_span(row_span: Span, line: str, cells: list[str], index: int) -> Span:
    """The span of one cell of a row (the whole row when quoting makes columns uncertain)."""
    if '"' in line or index >= len(cells):
        return row_span
    start = sum(len(c) + 1 for c in cells[:index]) + 1
    return Span(row_span.path, row_span.line, start, row_span.line, start + max(1, len(cells[index])))


def read_districts(csv_path: str, cited_at: Span) -> tuple[list[DistrictRow], list[Diagnostic]]:
    """Read one district table; diagnostics point into the CSV file where they can."""
    out: list[Diagnostic] = []
    path = Path(csv_path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [Diagnostic(E_DATA, f"cannot read the district file `{csv_path}`: {exc.strerror or exc}",
                               cited_at, hint="the path is relative to the folder of the constitution")]
    if len(data) > MAX_CSV_BYTES or b"\x00" in data:
        return [], [Diagnostic(E_DATA, f"`{csv_path}` is not a CSV text file of a usable size", cited_at,
                               hint="a district table is a small UTF-8 CSV file")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Diagnostic(E_DATA, f"`{csv_path}` is not valid UTF-8", cited_at,
                               hint="save the CSV file as UTF-8")]
    rows: list[DistrictRow] = []
    header: list[str] | None = None
    seen: dict[str, int] = {}
    for number, line in enumerate(io.StringIO(text), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = next(csv.reader([line]))
        span = Span(csv_path, number, 1, number, len(line.rstrip("\n")) + 1)
        if header is None:
            header = [c.strip().lower() for c in cells]
            if "inhabitants" not in header or not ({"district", "name"} & set(header)):
                out.append(Diagnostic(E_DATA, "the header must name the columns `district` and `inhabitants` "
                                              "(and optionally `voters`)", span,
                                      hint="first line, e.g.: district,inhabitants,voters"))
                return [], out
            continue
        if len(cells) != len(header):
            out.append(Diagnostic(E_DATA, f"this row has {len(cells)} cells; the header has {len(header)}",
                                  span, hint="every row needs one value per column; leave an optional value "
                                             "empty with nothing between the commas, e.g. `east,50000,`"))
            continue
        record = dict(zip(header, cells))
        cell = {column: _cell_span(span, line, cells, i) for i, column in enumerate(header)}
        name = (record.get("district") or record.get("name") or "").strip()
        if not name:
            out.append(Diagnostic(E_DATA, "a district without a name", span, hint="fill in the district column"))
            continue
        if name in seen:
            out.append(Diagnostic(E_DATA, f"district `{name}` appears twice (first on line {seen[name]})", span,
                                  hint="each district is one row"))
            continue
        seen[name] = number
        inhabitants = _number(record["inhabitants"], cell["inhabitants"], "inhabitants", out)
        voters = None
        if record.get("voters", "").strip():
            voters = _number(record["voters"], cell["voters"], "voters", out)
        if inhabitants is None:
            continue
        if voters is not None and voters > inhabitants:
            out.append(Diagnostic(E_DATA, f"district `{name}` has more voters ({voters:,}) than inhabitants "
                                          f"({inhabitants:,})", span, hint="check the two columns"))
            continue
        rows.append(DistrictRow(name, inhabitants, voters, span))
    if header is None:
        out.append(Diagnostic(E_DATA, f"`{csv_path}` holds no rows", cited_at,
                              hint="first line: district,inhabitants,voters"))
    elif not rows and not out:
        out.append(Diagnostic(E_DATA, f"`{csv_path}` lists no districts", cited_at,
                              hint="add one row per district"))
    return rows, out
