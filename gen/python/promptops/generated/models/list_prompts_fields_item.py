from enum import Enum


class ListPromptsFieldsItem(str, Enum):
    CREATEDAT = "createdAt"
    DESCRIPTION = "description"
    ID = "id"
    NAME = "name"
    SLUG = "slug"
    TAGS = "tags"
    UPDATEDAT = "updatedAt"
    VERSIONCOUNT = "versionCount"

    def __str__(self) -> str:
        return str(self.value)
