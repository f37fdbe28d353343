"""What set-up refuses with: nothing is written, and `message` tells staff what to do next."""

from __future__ import annotations


class SetupRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
