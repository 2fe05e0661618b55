"""Errors that reach the user as one line: what happened, where, and how to fix it."""

from __future__ import annotations


class FactcheckError(Exception):
    """Base for every error the CLI turns into exit code 2 and a one-line message."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text.replace("\n", " ")


class InputError(FactcheckError):
    """An input document could not be read as text."""


class RuleError(FactcheckError):
    """A file under rules/ is malformed."""


class UsageError(FactcheckError):
    """Options that do not fit together."""
