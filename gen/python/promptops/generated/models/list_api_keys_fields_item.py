from enum import Enum


class ListApiKeysFieldsItem(str, Enum):
    CREATEDAT = "createdAt"
    ENVIRONMENT = "environment"
    EXPIRESAT = "expiresAt"
    ID = "id"
    KEYPREFIX = "keyPrefix"
    LABEL = "label"
    REVOKEDAT = "revokedAt"
    SCOPES = "scopes"

    def __str__(self) -> str:
        return str(self.value)
