from enum import Enum


class FieldDiffStatus(str, Enum):
    ADDED = "added"
    MODIFIED = "modified"
    MOVED = "moved"
    REMOVED = "removed"
    UNCHANGED = "unchanged"

    def __str__(self) -> str:
        return str(self.value)
