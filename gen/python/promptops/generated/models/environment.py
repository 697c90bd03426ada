from enum import Enum


class Environment(str, Enum):
    DEV = "dev"
    PRODUCTION = "production"
    STAGING = "staging"

    def __str__(self) -> str:
        return str(self.value)
