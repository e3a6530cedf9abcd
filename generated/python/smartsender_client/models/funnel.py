from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Funnel")


@_attrs_define
class Funnel:
    """
    Attributes:
        id (int):
        name (str):
        service_key (Any | Unset): Key of the funnel, used as the path segment when a contact is added to or removed
            from it:
            an integer, a string or null (the field has no type, so check it before use).
    """

    id: int
    name: str
    service_key: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        service_key = self.service_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
            }
        )
        if service_key is not UNSET:
            field_dict["serviceKey"] = service_key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        service_key = d.pop("serviceKey", UNSET)

        funnel = cls(
            id=id,
            name=name,
            service_key=service_key,
        )

        funnel.additional_properties = d
        return funnel

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
