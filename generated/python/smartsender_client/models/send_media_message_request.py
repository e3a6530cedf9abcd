from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.send_media_message_request_type import SendMediaMessageRequestType
from ..types import UNSET, Unset

T = TypeVar("T", bound="SendMediaMessageRequest")


@_attrs_define
class SendMediaMessageRequest:
    """A picture, a file or a video, by URL.

    Attributes:
        type_ (SendMediaMessageRequestType):
        media (str): URL of the file.
        watermark (int | Unset): As for a text message.
    """

    type_: SendMediaMessageRequestType
    media: str
    watermark: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        media = self.media

        watermark = self.watermark

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "media": media,
            }
        )
        if watermark is not UNSET:
            field_dict["watermark"] = watermark

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = SendMediaMessageRequestType(d.pop("type"))

        media = d.pop("media")

        watermark = d.pop("watermark", UNSET)

        send_media_message_request = cls(
            type_=type_,
            media=media,
            watermark=watermark,
        )

        return send_media_message_request
