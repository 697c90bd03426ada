from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    BinaryIO,
    Generator,
    Optional,
    TextIO,
    TypeVar,
    Union,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pointer_change import PointerChange


T = TypeVar("T", bound="FieldDiff")


@_attrs_define
class FieldDiff:
    """
    Attributes:
        field (str):
        changed (bool):
        diff (Union[Unset, str]): For text, a unified diff (3 lines of context).
        old (Union[Unset, Any]): For a scalar, its value in `against` (absent when null).
        new (Union[Unset, Any]): For a scalar, its value in this version (absent when null).
        changes (Union[Unset, list['PointerChange']]): For JSON, each changed JSON pointer.
    """

    field: str
    changed: bool
    diff: Union[Unset, str] = UNSET
    old: Union[Unset, Any] = UNSET
    new: Union[Unset, Any] = UNSET
    changes: Union[Unset, list["PointerChange"]] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.pointer_change import PointerChange

        field = self.field

        changed = self.changed

        diff = self.diff

        old = self.old

        new = self.new

        changes: Union[Unset, list[dict[str, Any]]] = UNSET
        if not isinstance(self.changes, Unset):
            changes = []
            for changes_item_data in self.changes:
                changes_item = changes_item_data.to_dict()
                changes.append(changes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "field": field,
                "changed": changed,
            }
        )
        if diff is not UNSET:
            field_dict["diff"] = diff
        if old is not UNSET:
            field_dict["old"] = old
        if new is not UNSET:
            field_dict["new"] = new
        if changes is not UNSET:
            field_dict["changes"] = changes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pointer_change import PointerChange

        d = dict(src_dict)
        field = d.pop("field")

        changed = d.pop("changed")

        diff = d.pop("diff", UNSET)

        old = d.pop("old", UNSET)

        new = d.pop("new", UNSET)

        changes = []
        _changes = d.pop("changes", UNSET)
        for changes_item_data in _changes or []:
            changes_item = PointerChange.from_dict(changes_item_data)

            changes.append(changes_item)

        field_diff = cls(
            field=field,
            changed=changed,
            diff=diff,
            old=old,
            new=new,
            changes=changes,
        )

        field_diff.additional_properties = d
        return field_diff

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
