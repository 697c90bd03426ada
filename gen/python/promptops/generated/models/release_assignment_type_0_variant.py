from enum import Enum


class ReleaseAssignmentType0Variant(str, Enum):
    CANDIDATE = "candidate"
    CURRENT = "current"

    def __str__(self) -> str:
        return str(self.value)
