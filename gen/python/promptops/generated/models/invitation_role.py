from enum import Enum


class InvitationRole(str, Enum):
    ADMIN = "admin"
    EDITOR = "editor"
    PUBLISHER = "publisher"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
