from enum import Enum


class ReleaseGuardMetric(str, Enum):
    COSTPERCALL = "costPerCall"
    ERRORRATE = "errorRate"
    LATENCYP95MS = "latencyP95Ms"

    def __str__(self) -> str:
        return str(self.value)
