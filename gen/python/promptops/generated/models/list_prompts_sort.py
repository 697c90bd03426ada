from enum import Enum


class ListPromptsSort(str, Enum):
    CREATEDATASC = "createdAt:asc"
    CREATEDATDESC = "createdAt:desc"
    NAMEASC = "name:asc"
    NAMEDESC = "name:desc"
    SLUGASC = "slug:asc"
    SLUGDESC = "slug:desc"
    UPDATEDATASC = "updatedAt:asc"
    UPDATEDATDESC = "updatedAt:desc"

    def __str__(self) -> str:
        return str(self.value)
