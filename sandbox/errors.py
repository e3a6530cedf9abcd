"""The API's error envelope: `{"error": {"code": <status>, "message": ..., "description": [...]}}`."""

from __future__ import annotations

from collections.abc import Sequence

import orjson


class ApiError(Exception):
    """Ends a request with an error answer; raised anywhere below the ASGI layer."""

    def __init__(
        self, status: int, message: str, description: Sequence[str] = (), headers: Sequence[tuple[bytes, bytes]] = ()
    ) -> None:
        super().__init__(f"{status} {message}")
        self.status = status
        self.message = message
        self.description = list(description)
        self.headers = list(headers)

    def body(self) -> bytes:
        return error_body(self.status, self.message, self.description)


def error_body(status: int, message: str, description: Sequence[str] = ()) -> bytes:
    return orjson.dumps({"error": {"code": status, "message": message, "description": list(description)}})


def bad_request(*problems: str) -> ApiError:
    return ApiError(400, "Invalid request", problems)


def contact_not_found(contact_id: int) -> ApiError:
    return ApiError(404, "Contact not found", [f"there is no contact {contact_id} in this project"])


def tag_not_found(tag_id: int) -> ApiError:
    return ApiError(404, "Tag not found", [f"there is no tag {tag_id} in this project's tag catalogue"])


def funnel_not_found(service_key: str) -> ApiError:
    return ApiError(404, "Funnel not found", [f"no funnel of this project has the serviceKey {service_key!r}"])


def note_not_found(note_id: int, contact_id: int) -> ApiError:
    return ApiError(404, "Note not found", [f"contact {contact_id} has no note {note_id}"])
