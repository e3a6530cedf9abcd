from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cart_pivot import CartPivot
    from ..models.cash import Cash
    from ..models.product import Product


T = TypeVar("T", bound="ProductEssence")


@_attrs_define
class ProductEssence:
    """A product unit in a contact's cart. The SDK and a live caller show different fields; all are
    listed, none but `id` is promised.

        Attributes:
            id (int):
            name (None | str | Unset): The unit's name (a size, a variant), shown after the product's name.
            price (float | None | Unset):
            amount (Any | Unset): The price as the SDK reads it (a string there); a number or a string.
            currency (None | str | Unset):
            cash (Cash | None | Unset): The price and its currency, as the live caller reads them.
            pivot (CartPivot | None | Unset): The unit's place in the cart.
            product (None | Product | Unset): The product the unit belongs to.
            created_at (None | str | Unset):
            modified_at (None | str | Unset):
    """

    id: int
    name: None | str | Unset = UNSET
    price: float | None | Unset = UNSET
    amount: Any | Unset = UNSET
    currency: None | str | Unset = UNSET
    cash: Cash | None | Unset = UNSET
    pivot: CartPivot | None | Unset = UNSET
    product: None | Product | Unset = UNSET
    created_at: None | str | Unset = UNSET
    modified_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.cart_pivot import CartPivot  # noqa: PLC0415
        from ..models.cash import Cash  # noqa: PLC0415
        from ..models.product import Product  # noqa: PLC0415

        id = self.id

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        price: float | None | Unset
        if isinstance(self.price, Unset):
            price = UNSET
        else:
            price = self.price

        amount = self.amount

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        cash: dict[str, Any] | None | Unset
        if isinstance(self.cash, Unset):
            cash = UNSET
        elif isinstance(self.cash, Cash):
            cash = self.cash.to_dict()
        else:
            cash = self.cash

        pivot: dict[str, Any] | None | Unset
        if isinstance(self.pivot, Unset):
            pivot = UNSET
        elif isinstance(self.pivot, CartPivot):
            pivot = self.pivot.to_dict()
        else:
            pivot = self.pivot

        product: dict[str, Any] | None | Unset
        if isinstance(self.product, Unset):
            product = UNSET
        elif isinstance(self.product, Product):
            product = self.product.to_dict()
        else:
            product = self.product

        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        else:
            created_at = self.created_at

        modified_at: None | str | Unset
        if isinstance(self.modified_at, Unset):
            modified_at = UNSET
        else:
            modified_at = self.modified_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if price is not UNSET:
            field_dict["price"] = price
        if amount is not UNSET:
            field_dict["amount"] = amount
        if currency is not UNSET:
            field_dict["currency"] = currency
        if cash is not UNSET:
            field_dict["cash"] = cash
        if pivot is not UNSET:
            field_dict["pivot"] = pivot
        if product is not UNSET:
            field_dict["product"] = product
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if modified_at is not UNSET:
            field_dict["modifiedAt"] = modified_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cart_pivot import CartPivot  # noqa: PLC0415
        from ..models.cash import Cash  # noqa: PLC0415
        from ..models.product import Product  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_price(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        price = _parse_price(d.pop("price", UNSET))

        amount = d.pop("amount", UNSET)

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_cash(data: object) -> Cash | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cash_type_0 = Cash.from_dict(data)

                return cash_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Cash | None | Unset, data)

        cash = _parse_cash(d.pop("cash", UNSET))

        def _parse_pivot(data: object) -> CartPivot | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pivot_type_0 = CartPivot.from_dict(data)

                return pivot_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CartPivot | None | Unset, data)

        pivot = _parse_pivot(d.pop("pivot", UNSET))

        def _parse_product(data: object) -> None | Product | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                product_type_0 = Product.from_dict(data)

                return product_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Product | Unset, data)

        product = _parse_product(d.pop("product", UNSET))

        def _parse_created_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        created_at = _parse_created_at(d.pop("createdAt", UNSET))

        def _parse_modified_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        modified_at = _parse_modified_at(d.pop("modifiedAt", UNSET))

        product_essence = cls(
            id=id,
            name=name,
            price=price,
            amount=amount,
            currency=currency,
            cash=cash,
            pivot=pivot,
            product=product,
            created_at=created_at,
            modified_at=modified_at,
        )

        product_essence.additional_properties = d
        return product_essence

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
