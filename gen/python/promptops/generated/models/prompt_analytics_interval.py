from enum import Enum


class PromptAnalyticsInterval(str, Enum):
    DAY = "day"
    HOUR = "hour"

    def __str__(self) -> str:
        return str(self.value)
