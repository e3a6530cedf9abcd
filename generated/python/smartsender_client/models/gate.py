from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.channel import Channel
    from ..models.service_contact import ServiceContact


T = TypeVar("T", bound="Gate")


@_attrs_define
class Gate:
    """A connection between a contact and a channel, through which messages are sent.

    Attributes:
        id (int):
        channel (Channel): A messenger channel (bot, page or number) of the project.
        subscribed (bool | None | Unset):
        unread_messages (int | None | Unset):
        contact (None | ServiceContact | Unset): The contact's messenger-side identity on this gate *(inferred)*.
    """

    id: int
    channel: Channel
    subscribed: bool | None | Unset = UNSET
    unread_messages: int | None | Unset = UNSET
    contact: None | ServiceContact | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.service_contact import ServiceContact  # noqa: PLC0415

        id = self.id

        channel = self.channel.to_dict()

        subscribed: bool | None | Unset
        if isinstance(self.subscribed, Unset):
            subscribed = UNSET
        else:
            subscribed = self.subscribed

        unread_messages: int | None | Unset
        if isinstance(self.unread_messages, Unset):
            unread_messages = UNSET
        else:
            unread_messages = self.unread_messages

        contact: dict[str, Any] | None | Unset
        if isinstance(self.contact, Unset):
            contact = UNSET
        elif isinstance(self.contact, ServiceContact):
            contact = self.contact.to_dict()
        else:
            contact = self.contact

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "channel": channel,
            }
        )
        if subscribed is not UNSET:
            field_dict["subscribed"] = subscribed
        if unread_messages is not UNSET:
            field_dict["unreadMessages"] = unread_messages
        if contact is not UNSET:
            field_dict["contact"] = contact

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel import Channel  # noqa: PLC0415
        from ..models.service_contact import ServiceContact  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        channel = Channel.from_dict(d.pop("channel"))

        def _parse_subscribed(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        subscribed = _parse_subscribed(d.pop("subscribed", UNSET))

        def _parse_unread_messages(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        unread_messages = _parse_unread_messages(d.pop("unreadMessages", UNSET))

        def _parse_contact(data: object) -> None | ServiceContact | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                contact_type_0 = ServiceContact.from_dict(data)

                return contact_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ServiceContact | Unset, data)

        contact = _parse_contact(d.pop("contact", UNSET))

        gate = cls(
            id=id,
            channel=channel,
            subscribed=subscribed,
            unread_messages=unread_messages,
            contact=contact,
        )

        gate.additional_properties = d
        return gate

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
