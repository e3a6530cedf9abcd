from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gate import Gate
    from ..models.message_sender import MessageSender
    from ..models.message_state import MessageState
    from ..models.message_template import MessageTemplate


T = TypeVar("T", bound="Message")


@_attrs_define
class Message:
    """A message of a contact's chat: what the contact wrote, or what the bot, an operator or the
    API sent. Only `id` is certain to be present.

        Attributes:
            id (int):
            content (MessageTemplate | None | Unset): What the message holds.
            internal (bool | None | Unset): true for a message only operators see (the vendor's Message page names the
                field; its use is not documented).
            state (MessageState | None | Unset): The delivery state of the message.
            sender (MessageSender | None | Unset): Who sent the message.
            gate (Gate | None | Unset): The gate (messenger connection) the message went through.
            edited_at (None | str | Unset):
            seen_at (None | str | Unset):
            created_at (None | str | Unset):
            delivered_at (None | str | Unset):
    """

    id: int
    content: MessageTemplate | None | Unset = UNSET
    internal: bool | None | Unset = UNSET
    state: MessageState | None | Unset = UNSET
    sender: MessageSender | None | Unset = UNSET
    gate: Gate | None | Unset = UNSET
    edited_at: None | str | Unset = UNSET
    seen_at: None | str | Unset = UNSET
    created_at: None | str | Unset = UNSET
    delivered_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.gate import Gate  # noqa: PLC0415
        from ..models.message_sender import MessageSender  # noqa: PLC0415
        from ..models.message_state import MessageState  # noqa: PLC0415
        from ..models.message_template import MessageTemplate  # noqa: PLC0415

        id = self.id

        content: dict[str, Any] | None | Unset
        if isinstance(self.content, Unset):
            content = UNSET
        elif isinstance(self.content, MessageTemplate):
            content = self.content.to_dict()
        else:
            content = self.content

        internal: bool | None | Unset
        if isinstance(self.internal, Unset):
            internal = UNSET
        else:
            internal = self.internal

        state: dict[str, Any] | None | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        elif isinstance(self.state, MessageState):
            state = self.state.to_dict()
        else:
            state = self.state

        sender: dict[str, Any] | None | Unset
        if isinstance(self.sender, Unset):
            sender = UNSET
        elif isinstance(self.sender, MessageSender):
            sender = self.sender.to_dict()
        else:
            sender = self.sender

        gate: dict[str, Any] | None | Unset
        if isinstance(self.gate, Unset):
            gate = UNSET
        elif isinstance(self.gate, Gate):
            gate = self.gate.to_dict()
        else:
            gate = self.gate

        edited_at: None | str | Unset
        if isinstance(self.edited_at, Unset):
            edited_at = UNSET
        else:
            edited_at = self.edited_at

        seen_at: None | str | Unset
        if isinstance(self.seen_at, Unset):
            seen_at = UNSET
        else:
            seen_at = self.seen_at

        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        else:
            created_at = self.created_at

        delivered_at: None | str | Unset
        if isinstance(self.delivered_at, Unset):
            delivered_at = UNSET
        else:
            delivered_at = self.delivered_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if content is not UNSET:
            field_dict["content"] = content
        if internal is not UNSET:
            field_dict["internal"] = internal
        if state is not UNSET:
            field_dict["state"] = state
        if sender is not UNSET:
            field_dict["sender"] = sender
        if gate is not UNSET:
            field_dict["gate"] = gate
        if edited_at is not UNSET:
            field_dict["editedAt"] = edited_at
        if seen_at is not UNSET:
            field_dict["seenAt"] = seen_at
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if delivered_at is not UNSET:
            field_dict["deliveredAt"] = delivered_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gate import Gate  # noqa: PLC0415
        from ..models.message_sender import MessageSender  # noqa: PLC0415
        from ..models.message_state import MessageState  # noqa: PLC0415
        from ..models.message_template import MessageTemplate  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_content(data: object) -> MessageTemplate | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                content_type_0 = MessageTemplate.from_dict(data)

                return content_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MessageTemplate | None | Unset, data)

        content = _parse_content(d.pop("content", UNSET))

        def _parse_internal(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        internal = _parse_internal(d.pop("internal", UNSET))

        def _parse_state(data: object) -> MessageState | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                state_type_0 = MessageState.from_dict(data)

                return state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MessageState | None | Unset, data)

        state = _parse_state(d.pop("state", UNSET))

        def _parse_sender(data: object) -> MessageSender | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                sender_type_0 = MessageSender.from_dict(data)

                return sender_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MessageSender | None | Unset, data)

        sender = _parse_sender(d.pop("sender", UNSET))

        def _parse_gate(data: object) -> Gate | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                gate_type_0 = Gate.from_dict(data)

                return gate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Gate | None | Unset, data)

        gate = _parse_gate(d.pop("gate", UNSET))

        def _parse_edited_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        edited_at = _parse_edited_at(d.pop("editedAt", UNSET))

        def _parse_seen_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        seen_at = _parse_seen_at(d.pop("seenAt", UNSET))

        def _parse_created_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        created_at = _parse_created_at(d.pop("createdAt", UNSET))

        def _parse_delivered_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        delivered_at = _parse_delivered_at(d.pop("deliveredAt", UNSET))

        message = cls(
            id=id,
            content=content,
            internal=internal,
            state=state,
            sender=sender,
            gate=gate,
            edited_at=edited_at,
            seen_at=seen_at,
            created_at=created_at,
            delivered_at=delivered_at,
        )

        message.additional_properties = d
        return message

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
