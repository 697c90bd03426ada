from enum import Enum


class PointerChangeOp(str, Enum):
    ADD = "add"
    MOVE = "move"
    REMOVE = "remove"
    REPLACE = "replace"

    def __str__(self) -> str:
        return str(self.value)
