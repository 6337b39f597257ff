"""The lists' query-string filters: absent, empty and bad values read as each list has always read them."""

from __future__ import annotations

import pytest

from server.domain.community import lists
from server.domain.list_filters import parse
from server.domain.people import users
from server.domain.sites import registry
from server.errors import Invalid

ID = "0B6A1F3E-1D2C-4B5A-9E8F-7A6B5C4D3E2F"


def test_absent_and_empty_read_as_the_list_expects():
    assert parse(users.FILTERS, {}) == {"q": "", "role": "", "include_disabled": True}
    assert parse(users.FILTERS, {"include_disabled": "false", "q": "x" * 300})["q"] == "x" * 200
    assert parse(lists.FILTERS, {}) == parse(lists.FILTERS, {"status": ""}) == {"show": "open"}
    assert parse(registry.SPACE_FILTERS, {"building_id": ID})["building_id"] == ID.lower()


@pytest.mark.parametrize("filters, name, value", [
    (users.FILTERS, "include_disabled", ""), (users.FILTERS, "role", "boss"), (lists.FILTERS, "status", "new"),
    (registry.SPACE_FILTERS, "kind", "attic"), (registry.BUILDING_FILTERS, "campus_id", "LWD"),
])
def test_a_bad_value_is_refused_naming_its_parameter(filters, name, value):
    with pytest.raises(Invalid) as refused:
        parse(filters, {name: value})
    assert refused.value.field == name

