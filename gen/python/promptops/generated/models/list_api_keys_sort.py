from enum import Enum


class ListApiKeysSort(str, Enum):
    CREATEDATASC = "createdAt:asc"
    CREATEDATDESC = "createdAt:desc"
    LABELASC = "label:asc"
    LABELDESC = "label:desc"

    def __str__(self) -> str:
        return str(self.value)
