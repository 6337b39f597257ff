"""The kinds of space an audit distinguishes. Ids are stable (stored, used in CSV files); labels are the
English names, and the web app translates ids through its message catalogue."""

from __future__ import annotations

SPACE_KINDS: tuple[tuple[str, str], ...] = (
    ("lobby", "Lobby or entrance"),
    ("corridor", "Corridor or hallway"),
    ("lecture_hall", "Lecture hall or auditorium"),
    ("classroom", "Classroom or seminar room"),
    ("conference_room", "Conference or board room"),
    ("library", "Library or reading room"),
    ("laboratory", "Laboratory"),
    ("anatomy_lab", "Anatomy or simulation lab"),
    ("clinic_waiting_room", "Clinic waiting room"),
    ("exam_room", "Exam or consultation room"),
    ("patient_room", "Patient room or ward"),
    ("office", "Office"),
    ("student_lounge", "Student or staff lounge"),
    ("cafeteria", "Cafeteria or dining area"),
    ("chapel", "Chapel or reflection room"),
    ("exhibit", "Exhibit or museum space"),
    ("stairwell", "Stairwell"),
    ("elevator", "Elevator or elevator lobby"),
    ("restroom", "Restroom"),
    ("outdoor", "Outdoor area or courtyard"),
    ("other", "Other"),
)
KIND_IDS = tuple(k for k, _ in SPACE_KINDS)
_KIND_BY_TEXT = {**{k: k for k in KIND_IDS}, **{label.lower(): k for k, label in SPACE_KINDS}}


def kind_from_text(text: str) -> str | None:
    """A kind id from its id or its English label, as people type them in spreadsheets."""
    return _KIND_BY_TEXT.get(text.strip().lower().replace(" ", "_")) or _KIND_BY_TEXT.get(text.strip().lower())
