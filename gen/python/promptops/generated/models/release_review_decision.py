from enum import Enum


class ReleaseReviewDecision(str, Enum):
    APPROVE = "approve"
    REJECT = "reject"

    def __str__(self) -> str:
        return str(self.value)
