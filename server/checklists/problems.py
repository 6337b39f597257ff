"""What a refused checklist file is told: one Problem per fault, all of them raised together (ChecklistInvalid)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.where}: {self.message}"


class ChecklistInvalid(Exception):
    """A checklist file was refused; `problems` says every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """By line; problems on one line keep the order they were found in."""
    return sorted(problems, key=lambda problem: problem.line)
