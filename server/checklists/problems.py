"""What a refused checklist file is told: one Problem per fault, all of them raised together (ChecklistInvalid).

A warning is a Problem too, told the same way, but it refuses nothing: a local checklist with a translation
missing is loaded, and English is shown where the text is missing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    line: int  # 0: the whole file or folder
    where: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        at = f"{self.path}:{self.line}" if self.line else self.path
        return f"{at}: {'warning: ' if self.warning else ''}{self.where}: {self.message}"


class ChecklistInvalid(Exception):
    """A checklist file was refused; `problems` says every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """By line; problems on one line keep the order they were found in."""
    return sorted(problems, key=lambda problem: problem.line)


def errors(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if not problem.warning]
