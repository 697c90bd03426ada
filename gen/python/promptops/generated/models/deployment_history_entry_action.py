from enum import Enum


class DeploymentHistoryEntryAction(str, Enum):
    PROMOTE = "promote"
    ROLLBACK = "rollback"
    ROLLOUT = "rollout"
    UNDEPLOY = "undeploy"

    def __str__(self) -> str:
        return str(self.value)
