from enum import Enum


class AnalyticsEventType(str, Enum):
    PROMPT_USED = "prompt.used"

    def __str__(self) -> str:
        return str(self.value)
