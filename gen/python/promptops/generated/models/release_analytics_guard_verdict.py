from enum import Enum


class ReleaseAnalyticsGuardVerdict(str, Enum):
    BREACHED = "breached"
    HOLDING = "holding"
    NOT_JUDGED = "not_judged"

    def __str__(self) -> str:
        return str(self.value)
