from enum import Enum


class ModelParametersReasoningEffort(str, Enum):
    HIGH = "high"
    LOW = "low"
    MEDIUM = "medium"
    MINIMAL = "minimal"

    def __str__(self) -> str:
        return str(self.value)
