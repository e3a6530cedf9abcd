from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.cursor import Cursor
    from ..models.note import Note


T = TypeVar("T", bound="NotePage")


@_attrs_define
class NotePage:
    """One page of notes.

    Attributes:
        cursor (Cursor): Where a page stands in a paged list. Walked from page 1 to `pages`, the pages hold every item
            of the list once. There is a next page while `page` < `pages`.
        collection (list[Note]):
    """

    cursor: Cursor
    collection: list[Note]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cursor = self.cursor.to_dict()

        collection = []
        for collection_item_data in self.collection:
            collection_item = collection_item_data.to_dict()
            collection.append(collection_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cursor": cursor,
                "collection": collection,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cursor import Cursor  # noqa: PLC0415
        from ..models.note import Note  # noqa: PLC0415

        d = dict(src_dict)
        cursor = Cursor.from_dict(d.pop("cursor"))

        collection = []
        _collection = d.pop("collection")
        for collection_item_data in _collection:
            collection_item = Note.from_dict(collection_item_data)

            collection.append(collection_item)

        note_page = cls(
            cursor=cursor,
            collection=collection,
        )

        note_page.additional_properties = d
        return note_page

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
