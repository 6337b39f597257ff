"""Import campuses, buildings and spaces from a CSV file: all rows or none, and idempotent."""

from __future__ import annotations

import csv
import io
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from server.domain.sites.kinds import KIND_IDS, kind_from_text
from server.errors import DomainError
from server.models import Building, Campus, Space
from server.schema import CONTROL_CHARS

COLUMNS = ("campus", "building_code", "building_name", "floor", "room_number", "space_name", "space_kind")
REQUIRED = ("campus", "building_code", "floor", "space_name", "space_kind")
MAX_LENGTH = {"campus": 200, "building_code": 40, "building_name": 200, "floor": 20, "room_number": 40,
              "space_name": 200, "space_kind": 60}
MAX_PROBLEMS = 100


@dataclass(frozen=True)
class Problem:
    line: int
    field: str | None
    message: str

    def json(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "message": self.message}


class CsvInvalid(DomainError):
    code = "csv_invalid"

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        where = f"Line {first.line}" + (f", {first.field}" if first.field else "")
        more = f" ({len(problems) - 1} more problem(s) listed.)" if len(problems) > 1 else ""
        super().__init__(f"{where}: {first.message}{more} Nothing was imported.", field=first.field,
                         line=first.line, problems=[p.json() for p in problems[:MAX_PROBLEMS]])


@dataclass
class Row:
    line: int
    campus: str
    building_code: str
    building_name: str
    floor: str
    room_number: str
    space_name: str
    space_kind: str

    @property
    def building_key(self) -> tuple[str, str]:
        return (self.campus.lower(), self.building_code)

    @property
    def space_key(self) -> tuple[str, ...]:
        # A room number identifies a space in its building; spaces without one (corridors, lobbies) are
        # identified by floor and name.
        if self.room_number:
            return (*self.building_key, "room", self.room_number.lower())
        return (*self.building_key, "named", self.floor.lower(), self.space_name.lower())


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvInvalid([Problem(line, None, "This line is not UTF-8 text. Save the file as "
                                               "\"CSV UTF-8\" and import it again.")]) from None


def _header(names: list[str]) -> list[Problem]:
    normal = [n.strip().lower().replace(" ", "_").replace("-", "_") for n in names]
    problems = [Problem(1, c, f"The column {c} is missing. The header must be: {','.join(COLUMNS)}.")
                for c in COLUMNS if c not in normal]
    problems += [Problem(1, n or None, f"Unknown column {n!r}. The header must be: {','.join(COLUMNS)}.")
                 for n in normal if n not in COLUMNS]
    problems += [Problem(1, n, f"The column {n} appears twice.") for n, k in Counter(normal).items()
                 if k > 1 and n in COLUMNS]
    return problems


def parse_rows(data: bytes) -> tuple[list[Row], list[Problem]]:
    """The rows that are good on their own, and the problems of the others.

    A file that cannot be read at all (not UTF-8, wrong header, broken quoting) raises CsvInvalid at once.
    """
    reader = csv.reader(io.StringIO(_decode(data), newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise CsvInvalid([Problem(1, None, "The file is empty.")])
        problems = _header(header)
        if problems:
            raise CsvInvalid(problems)
        names = [n.strip().lower().replace(" ", "_").replace("-", "_") for n in header]
        rows: list[Row] = []
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            row, row_problems = _row(reader.line_num, names, cells)
            problems += row_problems
            if row:
                rows.append(row)
    except csv.Error as exc:
        raise CsvInvalid([Problem(reader.line_num, None, f"The file is not valid CSV here: {exc}.")]) from None
    if not rows and not problems:
        raise CsvInvalid([Problem(2, None, "The file has a header but no rows.")])
    return rows, problems + _duplicates(rows)


def _row(line: int, names: list[str], cells: list[str]) -> tuple[Row | None, list[Problem]]:
    if len(cells) != len(names):
        return None, [Problem(line, None, f"This row has {len(cells)} cells; the header has {len(names)}.")]
    values = {n: c.strip() for n, c in zip(names, cells, strict=True)}
    problems = [Problem(line, n, f"{n} is required.") for n in REQUIRED if not values[n]]
    problems += [Problem(line, n, f"{n} is too long: at most {MAX_LENGTH[n]} characters.")
                 for n in COLUMNS if len(values[n]) > MAX_LENGTH[n]]
    problems += [Problem(line, n, f"{n} contains a control character (such as a NUL byte).")
                 for n in COLUMNS if CONTROL_CHARS.search(values[n])]
    kind = kind_from_text(values["space_kind"]) if values["space_kind"] else None
    if values["space_kind"] and kind is None:
        problems.append(Problem(line, "space_kind", f"Unknown space kind {values['space_kind']!r}; use one "
                                                    f"of: {', '.join(KIND_IDS)}."))
    if problems:
        return None, problems
    values["building_code"] = values["building_code"].upper()
    values["space_kind"] = kind or ""
    return Row(line=line, **values), []


def _duplicates(rows: list[Row]) -> list[Problem]:
    problems: list[Problem] = []
    first_space: dict[tuple[str, ...], int] = {}
    building_name: dict[tuple[str, str], tuple[str, int]] = {}
    for row in rows:
        seen = first_space.setdefault(row.space_key, row.line)
        if seen != row.line:
            field = "room_number" if row.room_number else "space_name"
            problems.append(Problem(row.line, field, f"This row repeats the space on line {seen}."))
        if row.building_name:
            name, line = building_name.setdefault(row.building_key, (row.building_name, row.line))
            if name != row.building_name:
                problems.append(Problem(row.line, "building_name",
                                        f"Building {row.building_code} is named {name!r} on line {line}."))
    return problems


class _DryRun(Exception):
    """Raised to roll back a dry run, carrying what the import would have done."""

    def __init__(self, counts: dict[str, dict[str, int]]) -> None:
        self.counts = counts


async def import_spaces(data: bytes, *, dry_run: bool = False) -> dict[str, Any]:
    """Create or update what the file describes; a second import of the same file changes nothing."""
    rows, problems = parse_rows(data)
    # A dry run does the real work and rolls it back, so its report is exactly what an import would do.
    try:
        async with in_transaction():
            counts = await _apply(rows, problems)
            if dry_run:
                raise _DryRun(counts)
    except _DryRun as done:
        counts = done.counts
    return {"dry_run": dry_run, "rows": len(rows), **counts}


async def _apply(rows: list[Row], problems: list[Problem]) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter[str]] = {"campuses": Counter(), "buildings": Counter(), "spaces": Counter()}
    campuses = {c.name.lower(): c for c in await Campus.all()}
    buildings = {(b.campus.name.lower(), b.code): b
                 for b in await Building.all().prefetch_related("campus")}
    problems = problems + _unknown_buildings(rows, buildings)
    if problems:
        raise CsvInvalid(sorted(problems, key=lambda p: p.line))
    spaces: dict[tuple[str, ...], Space] = {}
    for space in await Space.all().prefetch_related("building__campus"):
        row = Row(0, space.building.campus.name, space.building.code, "", space.floor,
                  space.room_number or "", space.name, space.kind)
        spaces[row.space_key] = space
    seen: set[Any] = set()
    for row in rows:
        campus = await _campus(row, campuses, counts["campuses"], seen)
        building = await _building(row, campus, buildings, counts["buildings"], seen)
        await _space(row, building, spaces, counts["spaces"])
    return {name: {"created": c["created"], "updated": c["updated"], "unchanged": c["unchanged"]}
            for name, c in counts.items()}


def _unknown_buildings(rows: list[Row], buildings: dict[tuple[str, str], Building]) -> list[Problem]:
    named = {r.building_key for r in rows if r.building_name}
    problems = []
    reported: set[tuple[str, str]] = set()
    for row in rows:
        key = row.building_key
        if key not in buildings and key not in named and key not in reported:
            reported.add(key)
            problems.append(Problem(row.line, "building_name",
                                    f"Unknown building {row.building_code} on campus {row.campus}: give "
                                    "its building_name to create it."))
    return problems


async def _campus(row: Row, campuses: dict[str, Campus], counts: Counter[str], seen: set[Any]) -> Campus:
    key = row.campus.lower()
    first_time = key not in seen
    seen.add(key)
    campus = campuses.get(key)
    if campus is None:
        campus = Campus(id=uuid.uuid4(), name=row.campus)
        await campus.save()
        campuses[key] = campus
        counts["created"] += 1
    elif first_time:
        counts["unchanged"] += 1
    return campus


async def _building(row: Row, campus: Campus, buildings: dict[tuple[str, str], Building],
                    counts: Counter[str], seen: set[Any]) -> Building:
    key = row.building_key
    first_time = key not in seen
    seen.add(key)
    building = buildings.get(key)
    if building is None:
        building = Building(id=uuid.uuid4(), campus=campus, code=row.building_code, name=row.building_name)
        await building.save()
        buildings[key] = building
        counts["created"] += 1
    elif row.building_name and building.name != row.building_name:
        building.name = row.building_name
        await building.save(update_fields=["name"])
        counts["updated"] += 1
    elif first_time:
        counts["unchanged"] += 1
    return building


async def _space(row: Row, building: Building, spaces: dict[tuple[str, ...], Space],
                 counts: Counter[str]) -> None:
    space = spaces.get(row.space_key)
    if space is None:
        space = Space(id=uuid.uuid4(), building=building, floor=row.floor, room_number=row.room_number or None,
                      name=row.space_name, kind=row.space_kind)
        await space.save()
        spaces[row.space_key] = space
        counts["created"] += 1
        return
    wanted = {"floor": row.floor, "name": row.space_name, "kind": row.space_kind}
    changed = [k for k, v in wanted.items() if getattr(space, k) != v]
    if not changed:
        counts["unchanged"] += 1
        return
    space.update_from_dict(wanted)
    await space.save(update_fields=[*changed, "updated_at"])
    counts["updated"] += 1
