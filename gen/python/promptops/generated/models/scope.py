from enum import Enum


class Scope(str, Enum):
    ADMIN = "admin"
    PROMPTSREAD = "prompts:read"
    PROMPTSWRITE = "prompts:write"

    def __str__(self) -> str:
        return str(self.value)
