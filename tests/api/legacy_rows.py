"""Rows as a database at migration 0005 held them, written in SQL: a user, a campus, a building, a space, a
checklist version, an audit in progress, two findings (one withdrawn) and a photo of the first."""

from __future__ import annotations

import uuid

U, C, B, S, V, A, F1, F2, P = (str(uuid.uuid4()) for _ in range(9))
AT = "'2026-03-01 10:00:00+00:00'"
ROWS = [
    f"INSERT INTO users (id, email, name, disabled, created_at) VALUES ('{U}', 'a@x.example', 'A', FALSE, {AT})",
    f"INSERT INTO campuses (id, name, created_at) VALUES ('{C}', 'C', {AT})",
    f"INSERT INTO buildings (id, campus_id, code, name, created_at) VALUES ('{B}', '{C}', 'B', 'B', {AT})",
    f"INSERT INTO spaces (id, building_id, floor, room_number, name, kind, created_at, updated_at) "
    f"VALUES ('{S}', '{B}', '1', '1', 'S', 'office', {AT}, {AT})",
    f"INSERT INTO checklist_versions (id, checklist_id, version, fingerprint, title, content, active, loaded_at) "
    f"VALUES ('{V}', 'c', 1, 'f', 'C', '{{}}', TRUE, {AT})",
    f"INSERT INTO audits (id, title, building_id, checklist_id, status, revision, created_by_id, created_at, "
    f"updated_at) VALUES ('{A}', 'A', '{B}', '{V}', 'in_progress', 1, '{U}', {AT}, {AT})",
    *[
        f"INSERT INTO findings (id, audit_id, space_id, title, description, severity, remedies, photo_ids, status, "
        f"revision, created_by_id, created_at, updated_at) VALUES ('{fid}', '{A}', '{S}', 'F', '', 'high', '[]', "
        f"'[]', '{status}', 1, '{U}', {AT}, {AT})"
        for fid, status in ((F1, "open"), (F2, "withdrawn"))
    ],
    f"INSERT INTO photos (id, finding_id, kind, upload_sha256, evidence, display, thumb, width, height, caption, "
    f"uploaded_by_id, created_at) VALUES ('{P}', '{F1}', 'evidence', 'u', 'e', 'd', 't', 10, 10, 'kept', '{U}', {AT})",
]
