from enum import Enum


class ReleaseStrategyType(str, Enum):
    GRADUAL = "gradual"
    IMMEDIATE = "immediate"
    SPLIT = "split"

    def __str__(self) -> str:
        return str(self.value)
