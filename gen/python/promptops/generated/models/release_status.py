from enum import Enum


class ReleaseStatus(str, Enum):
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    PENDING_APPROVAL = "pending_approval"
    REJECTED = "rejected"
    ROLLED_BACK = "rolled_back"
    ROLLING_OUT = "rolling_out"
    SCHEDULED = "scheduled"

    def __str__(self) -> str:
        return str(self.value)
