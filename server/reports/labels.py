"""The English words a PDF prints for the ids the API returns (the web app has its own message catalogue)."""

from __future__ import annotations

STATUS = {"open": "Open", "withdrawn": "Withdrawn", "accepted": "Accepted", "declined": "Declined",
          "assigned": "Assigned", "in_progress": "In progress", "resolved": "Resolved", "verified": "Verified",
          "reopened": "Reopened", "duplicate": "Duplicate"}
SEVERITY = {"high": "High", "medium": "Medium", "low": "Low"}
REMEDY = {"remove": "Remove", "relocate": "Relocate", "add_context": "Add context or interpretive text",
          "add_representative": "Add or replace with representative images",
          "keep_with_rationale": "Keep with rationale", "other": "Other"}
SKIP_REASON = {"locked": "Locked", "renovation": "Under renovation", "no_access": "No access", "other": "Other reason"}
PRIORITY = {"low": "Low", "normal": "Normal", "high": "High"}
AUDIT_STATUS = {"planned": "Planned", "in_progress": "In progress", "submitted": "Submitted"}
# Short column headings for the inventory's count items, by what follows the first item's id
# ("portrait-count" then "portrait-count-women"...); anything else is named by its id.
COUNT_SUFFIX = {"": "Honored", "women": "Women", "people-of-color": "People of color",
                "race-undocumented": "Race not documented", "unidentified": "Unidentified"}


def label(table: dict[str, str], key: str | None, empty: str = "-") -> str:
    if key is None:
        return empty
    return table.get(key, key.replace("_", " "))


def count_headings(item_ids: list[str]) -> list[str]:
    first = item_ids[0] if item_ids else ""
    # "portrait-count", then "portrait-count-women"...: who is honored, broken down (otherwise: by id).
    breakdown = first.endswith("-count") and any(item.startswith(f"{first}-") for item in item_ids)
    out = []
    for item in item_ids:
        suffix = item[len(first):].lstrip("-") if item.startswith(first) else None
        name = COUNT_SUFFIX.get(suffix) if suffix is not None and breakdown else None
        out.append(name or item.replace("-", " ").capitalize())
    return out
