from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.send_text_message_request_type import SendTextMessageRequestType
from ..types import UNSET, Unset

T = TypeVar("T", bound="SendTextMessageRequest")


@_attrs_define
class SendTextMessageRequest:
    """A text message.

    Attributes:
        type_ (SendTextMessageRequestType):
        content (str): The text.
        watermark (int | Unset): Sent by every live caller (1, or 2 for a second message in a row); its meaning is not
            documented.
    """

    type_: SendTextMessageRequestType
    content: str
    watermark: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        content = self.content

        watermark = self.watermark

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "content": content,
            }
        )
        if watermark is not UNSET:
            field_dict["watermark"] = watermark

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = SendTextMessageRequestType(d.pop("type"))

        content = d.pop("content")

        watermark = d.pop("watermark", UNSET)

        send_text_message_request = cls(
            type_=type_,
            content=content,
            watermark=watermark,
        )

        return send_text_message_request
