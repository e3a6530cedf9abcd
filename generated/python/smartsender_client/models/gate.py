from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

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
        subscribed (bool | Unset):
        unread_messages (int | Unset):
        contact (ServiceContact | Unset): The messenger-side identity of a contact; `originalId` is the contact's id.
    """

    id: int
    channel: Channel
    subscribed: bool | Unset = UNSET
    unread_messages: int | Unset = UNSET
    contact: ServiceContact | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        channel = self.channel.to_dict()

        subscribed = self.subscribed

        unread_messages = self.unread_messages

        contact: dict[str, Any] | Unset = UNSET
        if not isinstance(self.contact, Unset):
            contact = self.contact.to_dict()

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

        subscribed = d.pop("subscribed", UNSET)

        unread_messages = d.pop("unreadMessages", UNSET)

        _contact = d.pop("contact", UNSET)
        contact: ServiceContact | Unset
        if isinstance(_contact, Unset):
            contact = UNSET
        else:
            contact = ServiceContact.from_dict(_contact)

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
