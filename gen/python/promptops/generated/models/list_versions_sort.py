from enum import Enum


class ListVersionsSort(str, Enum):
    VERSIONNUMBERASC = "versionNumber:asc"
    VERSIONNUMBERDESC = "versionNumber:desc"

    def __str__(self) -> str:
        return str(self.value)
