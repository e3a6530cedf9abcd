from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message_parameters import MessageParameters


T = TypeVar("T", bound="MessageResource")


@_attrs_define
class MessageResource:
    """The data of a message; its fields depend on the message's type.

    Attributes:
        parameters (MessageParameters | None | Unset): The message's parameters; for a text message, `content` is its
            text.
        buttons (Any | Unset): The message's buttons, if it has any (their shape is not documented).
    """

    parameters: MessageParameters | None | Unset = UNSET
    buttons: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.message_parameters import MessageParameters  # noqa: PLC0415

        parameters: dict[str, Any] | None | Unset
        if isinstance(self.parameters, Unset):
            parameters = UNSET
        elif isinstance(self.parameters, MessageParameters):
            parameters = self.parameters.to_dict()
        else:
            parameters = self.parameters

        buttons = self.buttons

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
        if buttons is not UNSET:
            field_dict["buttons"] = buttons

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_parameters import MessageParameters  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_parameters(data: object) -> MessageParameters | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                parameters_type_0 = MessageParameters.from_dict(data)

                return parameters_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MessageParameters | None | Unset, data)

        parameters = _parse_parameters(d.pop("parameters", UNSET))

        buttons = d.pop("buttons", UNSET)

        message_resource = cls(
            parameters=parameters,
            buttons=buttons,
        )

        message_resource.additional_properties = d
        return message_resource

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
