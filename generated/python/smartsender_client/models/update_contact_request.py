from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.update_contact_request_values import UpdateContactRequestValues


T = TypeVar("T", bound="UpdateContactRequest")


@_attrs_define
class UpdateContactRequest:
    """
    Attributes:
        values (UpdateContactRequestValues): Name of a variable or system field, mapped to its new value. Values that
            are not valid
            for their field are skipped.
    """

    values: UpdateContactRequestValues

    def to_dict(self) -> dict[str, Any]:
        values = self.values.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "values": values,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.update_contact_request_values import UpdateContactRequestValues  # noqa: PLC0415

        d = dict(src_dict)
        values = UpdateContactRequestValues.from_dict(d.pop("values"))

        update_contact_request = cls(
            values=values,
        )

        return update_contact_request
