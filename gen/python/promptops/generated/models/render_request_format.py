from enum import Enum


class RenderRequestFormat(str, Enum):
    ANTHROPIC = "anthropic"
    MESSAGES = "messages"
    OPENAI_CHAT = "openai-chat"
    OPENAI_RESPONSES = "openai-responses"

    def __str__(self) -> str:
        return str(self.value)
