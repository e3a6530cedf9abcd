from enum import StrEnum


class SendTextMessageRequestType(StrEnum):
    TEXT = "text"

    def __str__(self) -> str:
        return str(self.value)
