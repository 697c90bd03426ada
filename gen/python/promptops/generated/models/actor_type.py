from enum import Enum


class ActorType(str, Enum):
    KEY = "key"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
