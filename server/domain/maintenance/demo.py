"""Demo data: a campus with buildings and spaces, and one demo user per role."""

from __future__ import annotations

import secrets

from server.auth.permissions import ROLES
from server.domain.sites.imports import import_spaces
from server.models import User

DEMO_SPACES_CSV = """campus,building_code,building_name,floor,room_number,space_name,space_kind
Demo Medical Campus,ALD,Alden Hall of Medicine,1,,Main entrance lobby,lobby
Demo Medical Campus,ALD,Alden Hall of Medicine,1,,First floor corridor,corridor
Demo Medical Campus,ALD,Alden Hall of Medicine,1,101,Bornside Amphitheater,lecture_hall
Demo Medical Campus,ALD,Alden Hall of Medicine,1,110,Dean's conference room,conference_room
Demo Medical Campus,ALD,Alden Hall of Medicine,2,201,Seminar room A,classroom
Demo Medical Campus,ALD,Alden Hall of Medicine,2,202,Seminar room B,classroom
Demo Medical Campus,ALD,Alden Hall of Medicine,2,,Second floor corridor,corridor
Demo Medical Campus,ALD,Alden Hall of Medicine,3,301,Medical library reading room,library
Demo Medical Campus,ALD,Alden Hall of Medicine,B1,B12,Anatomy teaching lab,anatomy_lab
Demo Medical Campus,ALD,Alden Hall of Medicine,B1,,North stairwell,stairwell
Demo Medical Campus,RHP,Ridgeway Hospital Pavilion,G,,Pavilion lobby,lobby
Demo Medical Campus,RHP,Ridgeway Hospital Pavilion,G,G-04,Cafeteria,cafeteria
Demo Medical Campus,RHP,Ridgeway Hospital Pavilion,G,G-10,Interfaith chapel,chapel
Demo Medical Campus,RHP,Ridgeway Hospital Pavilion,2,2-100,Primary care waiting room,clinic_waiting_room
Demo Medical Campus,RHP,Ridgeway Hospital Pavilion,2,2-112,Exam room 12,exam_room
Demo Medical Campus,RHP,Ridgeway Hospital Pavilion,2,2-140,Dermatology waiting room,clinic_waiting_room
Demo Medical Campus,RHP,Ridgeway Hospital Pavilion,3,3-200,Medical ward 3 West,patient_room
Demo Medical Campus,RHP,Ridgeway Hospital Pavilion,3,3-250,Residents' lounge,student_lounge
Demo Medical Campus,RHP,Ridgeway Hospital Pavilion,3,,Third floor elevator lobby,elevator
Demo Medical Campus,LRC,Learning Resource Center,1,,Atrium and history wall,exhibit
Demo Medical Campus,LRC,Learning Resource Center,1,120,Simulation center,anatomy_lab
Demo Medical Campus,LRC,Learning Resource Center,2,210,Small group room 1,classroom
Demo Medical Campus,LRC,Learning Resource Center,2,211,Small group room 2,classroom
Demo Medical Campus,LRC,Learning Resource Center,2,230,Student affairs office,office
Demo Medical Campus,LRC,Learning Resource Center,2,240,Student lounge,student_lounge
"""

DEMO_USERS: tuple[tuple[str, str, str], ...] = tuple(
    (role, f"{role}@demo.example", f"Demo {role.capitalize()}") for role in ROLES
)


async def load_demo() -> tuple[dict[str, object], list[tuple[str, str, str | None]]]:
    """Load the demo campus and users; returns import counts and (role, email, new password or None)."""
    from server.domain.people.users import create_user

    counts = await import_spaces(DEMO_SPACES_CSV.encode())
    logins: list[tuple[str, str, str | None]] = []
    for role, email, name in DEMO_USERS:
        if await User.exists(email=email):
            logins.append((role, email, None))  # its password was shown once, when it was made
            continue
        password = secrets.token_urlsafe(12)
        await create_user(email, name, [role], password)
        logins.append((role, email, password))
    return counts, logins
