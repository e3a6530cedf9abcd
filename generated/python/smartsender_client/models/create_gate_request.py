from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_gate_request_parameters import CreateGateRequestParameters


T = TypeVar("T", bound="CreateGateRequest")


@_attrs_define
class CreateGateRequest:
    """
    Attributes:
        identifier (str): The contact's id in the messenger (for WhatsApp, the phone number).
        first_name (str):
        last_name (str | Unset):
        email (str | Unset):
        phone (str | Unset): Phone number in international form, with a leading `+`.
        parameters (CreateGateRequestParameters | Unset): Variables to set on the new contact, name mapped to value.
    """

    identifier: str
    first_name: str
    last_name: str | Unset = UNSET
    email: str | Unset = UNSET
    phone: str | Unset = UNSET
    parameters: CreateGateRequestParameters | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        identifier = self.identifier

        first_name = self.first_name

        last_name = self.last_name

        email = self.email

        phone = self.phone

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "identifier": identifier,
                "firstName": first_name,
            }
        )
        if last_name is not UNSET:
            field_dict["lastName"] = last_name
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if parameters is not UNSET:
            field_dict["parameters"] = parameters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_gate_request_parameters import CreateGateRequestParameters  # noqa: PLC0415

        d = dict(src_dict)
        identifier = d.pop("identifier")

        first_name = d.pop("firstName")

        last_name = d.pop("lastName", UNSET)

        email = d.pop("email", UNSET)

        phone = d.pop("phone", UNSET)

        _parameters = d.pop("parameters", UNSET)
        parameters: CreateGateRequestParameters | Unset
        if isinstance(_parameters, Unset):
            parameters = UNSET
        else:
            parameters = CreateGateRequestParameters.from_dict(_parameters)

        create_gate_request = cls(
            identifier=identifier,
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=phone,
            parameters=parameters,
        )

        return create_gate_request
