from enum import StrEnum


class SendMediaMessageRequestType(StrEnum):
    FILE = "file"
    PICTURE = "picture"
    VIDEO = "video"

    def __str__(self) -> str:
        return str(self.value)
