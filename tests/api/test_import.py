"""Importing buildings and spaces from CSV: all or nothing, idempotent, and every problem located."""

from __future__ import annotations

import pytest

from server.models import Building, Campus, Space

HEADER = "campus,building_code,building_name,floor,room_number,space_name,space_kind\n"
GOOD = HEADER + (
    "Longwood,GOR,Gordon Hall,1,,Main lobby,lobby\n"
    "Longwood,GOR,Gordon Hall,1,101,Faculty room,conference_room\n"
    'Longwood,GOR,,2,201,"Portrait gallery, east",corridor\n'
    "Longwood,TMC,Tosteson Medical Education Center,2,227,Amphitheater,Lecture hall\n"
    "Boston Medical Center,BMC,Yawkey Ambulatory Care,3,3-100,Pediatrics waiting room,clinic_waiting_room\n"
    "Boston Medical Center,BMC,Yawkey Ambulatory Care,3,3-101,Sala de espera – Pediatría,clinic_waiting_room\n"
)


async def post_csv(client, text: str | bytes, dry_run: bool = False):
    data = text.encode() if isinstance(text, str) else text
    return await client.post("/api/imports/spaces", content=data, params={"dry_run": str(dry_run).lower()},
                             headers={"content-type": "text/csv"})


async def counts():
    return (await Campus.all().count(), await Building.all().count(), await Space.all().count())


async def test_import_creates_everything_and_a_second_import_changes_nothing(as_):
    first = await post_csv(as_("admin"), GOOD)
    assert first.status_code == 200, first.text
    result = first.json()
    assert result["rows"] == 6
    assert result["campuses"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert result["buildings"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert result["spaces"] == {"created": 6, "updated": 0, "unchanged": 0}
    assert await counts() == (2, 3, 6)
    space = await Space.get(room_number="3-101")
    assert space.name == "Sala de espera – Pediatría"
    assert (await Space.get(room_number="227")).kind == "lecture_hall"
    second = (await post_csv(as_("admin"), GOOD)).json()
    assert second["spaces"] == {"created": 0, "updated": 0, "unchanged": 6}
    assert second["buildings"] == {"created": 0, "updated": 0, "unchanged": 3}
    assert await counts() == (2, 3, 6)


async def test_changed_rows_update_in_place(as_):
    await post_csv(as_("admin"), GOOD)
    changed = GOOD.replace("Faculty room,conference_room", "Faculty lounge,student_lounge")
    result = (await post_csv(as_("admin"), changed)).json()
    assert result["spaces"] == {"created": 0, "updated": 1, "unchanged": 5}
    assert (await Space.get(room_number="101")).name == "Faculty lounge"
    assert await counts() == (2, 3, 6)


async def test_dry_run_reports_without_writing(as_):
    result = (await post_csv(as_("admin"), GOOD, dry_run=True)).json()
    assert result["dry_run"] is True and result["spaces"]["created"] == 6
    assert await counts() == (0, 0, 0)


async def test_multipart_upload_works_like_a_plain_body(as_):
    files = {"file": ("spaces.csv", GOOD.encode(), "text/csv")}
    response = await as_("admin").post("/api/imports/spaces", files=files)
    assert response.status_code == 200, response.text
    assert response.json()["spaces"]["created"] == 6


async def assert_refused(client, text, line, field, words):
    response = await post_csv(client, text)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "csv_invalid"
    assert (error["line"], error["field"]) == (line, field)
    assert words in error["message"], error["message"]
    assert "Nothing was imported" in error["message"]
    assert await counts() == (0, 0, 0)
    return error


async def test_a_bad_row_names_its_line_and_field_and_nothing_is_imported(as_):
    text = GOOD + "Longwood,GOR,Gordon Hall,3,301,Storage,broom closet\n"
    await assert_refused(as_("admin"), text, 8, "space_kind", "Unknown space kind 'broom closet'")


async def test_every_problem_is_listed_in_file_order(as_):
    text = HEADER + "Longwood,GOR,Gordon Hall,,101,,lobby\nLongwood,GOR,Gordon Hall,1,102,Room,spaceship\n"
    error = await assert_refused(as_("admin"), text, 2, "floor", "floor is required")
    assert [(p["line"], p["field"]) for p in error["problems"]] == [(2, "floor"), (2, "space_name"),
                                                                    (3, "space_kind")]


@pytest.mark.parametrize(
    "text, line, field, words",
    [
        ("campus,building,floor,room,name,kind\nA,B,1,2,C,lobby\n", 1, "building_code",
         "column building_code is missing"),
        (HEADER.replace(",space_kind", ",space_kind,colour") + "a,b,c,1,2,d,lobby,red\n", 1, "colour",
         "Unknown column"),
        (HEADER + "Longwood,GOR,Gordon Hall,1,101,Room\n", 2, None, "6 cells; the header has 7"),
        (HEADER + "Longwood,GOR,Gordon Hall,1,101,Room,lobby\nLongwood,gor,,1,101,Room again,lobby\n", 3,
         "room_number", "repeats the space on line 2"),
        (HEADER + "Longwood,GOR,Gordon Hall,1,,Lobby,lobby\nLongwood,GOR,,1,,LOBBY,lobby\n", 3, "space_name",
         "repeats the space on line 2"),
        (HEADER + "Longwood,XYZ,,1,101,Room,lobby\n", 2, "building_name", "Unknown building XYZ"),
        (HEADER + "Longwood,GOR,Gordon Hall,1,101,Room,lobby\nLongwood,GOR,Gordon Annex,1,102,R,lobby\n", 3,
         "building_name", "named 'Gordon Hall' on line 2"),
        (HEADER + "Longwood,GOR,Gordon Hall,1,101," + "N" * 201 + ",lobby\n", 2, "space_name", "too long"),
        ("", 1, None, "empty"),
        (HEADER, 2, None, "no rows"),
        (HEADER + "Longwood,GOR,\"Gordon\0Hall\",1,101,Room,lobby\n", 2, "building_name", "control character"),
        (HEADER + "Longwood,GOR,\"Gordon Hall,1,101,Room,lobby\n", 2, None, "not valid CSV"),
    ],
)
async def test_bad_files_are_refused_whole(as_, text, line, field, words):
    await assert_refused(as_("admin"), text, line, field, words)


async def test_non_utf8_bytes_name_the_line(as_):
    data = (HEADER + "Longwood,GOR,Gordon Hall,1,101,Room,lobby\n").encode()
    data += "Café,A,B,1,2,C,lobby\n".encode("latin-1")
    await assert_refused(as_("admin"), data, 3, None, "not UTF-8")


async def test_excel_byte_order_mark_is_accepted(as_):
    response = await post_csv(as_("admin"), "\ufeff" + GOOD)
    assert response.status_code == 200


async def test_a_50_mb_file_is_refused_before_it_is_read(as_):
    big = HEADER.encode() + b"Longwood,GOR,Gordon Hall,1,101,Room,lobby\n" * (50 * 1024 * 1024 // 42)
    response = await post_csv(as_("admin"), big)
    assert response.status_code == 413
    assert "at most 5 MB" in response.json()["error"]["message"]
    assert await counts() == (0, 0, 0)


async def test_a_large_body_without_length_is_cut_off_while_streaming(as_):
    async def chunks():
        yield HEADER.encode()
        for _ in range(7 * 1024):
            yield b"x" * 1024

    response = await as_("admin").post("/api/imports/spaces", content=chunks(),
                                       headers={"content-type": "text/csv"})
    assert response.status_code == 413


async def test_wrong_media_type_is_415(as_):
    response = await as_("admin").post("/api/imports/spaces", json={"rows": []})
    assert response.status_code == 415


async def test_only_admins_import(as_):
    for role in ("auditor", "facilities", "committee"):
        assert (await post_csv(as_(role), GOOD)).status_code == 403
    assert await counts() == (0, 0, 0)
