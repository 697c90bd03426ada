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

from ..models.field_diff_status import FieldDiffStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.diff_line import DiffLine
    from ..models.pointer_change import PointerChange


T = TypeVar("T", bound="FieldDiff")


@_attrs_define
class FieldDiff:
    """
    Attributes:
        field (str):
        changed (bool):
        status (Union[Unset, FieldDiffStatus]): For a message, what happened to it.
        old_index (Union[Unset, int]): For a message, its index in `against` (absent when added).
        new_index (Union[Unset, int]): For a message, its index in this version (absent when removed).
        old_role (Union[Unset, str]): For a message, its role in `against` (absent when added).
        new_role (Union[Unset, str]): For a message, its role in this version (absent when removed).
        diff (Union[Unset, str]): For text, a unified diff (3 lines of context).
        lines (Union[Unset, list['DiffLine']]): For changed text, its changed lines side by side with 3 unchanged lines
            around
            them (a jump in the line numbers is a gap).
        old (Union[Unset, Any]): For a scalar, its value in `against` (absent when null).
        new (Union[Unset, Any]): For a scalar, its value in this version (absent when null).
        changes (Union[Unset, list['PointerChange']]): For JSON, each changed JSON pointer.
    """

    field: str
    changed: bool
    status: Union[Unset, FieldDiffStatus] = UNSET
    old_index: Union[Unset, int] = UNSET
    new_index: Union[Unset, int] = UNSET
    old_role: Union[Unset, str] = UNSET
    new_role: Union[Unset, str] = UNSET
    diff: Union[Unset, str] = UNSET
    lines: Union[Unset, list["DiffLine"]] = UNSET
    old: Union[Unset, Any] = UNSET
    new: Union[Unset, Any] = UNSET
    changes: Union[Unset, list["PointerChange"]] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.diff_line import DiffLine
        from ..models.pointer_change import PointerChange

        field = self.field

        changed = self.changed

        status: Union[Unset, str] = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        old_index = self.old_index

        new_index = self.new_index

        old_role = self.old_role

        new_role = self.new_role

        diff = self.diff

        lines: Union[Unset, list[dict[str, Any]]] = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)

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
        if status is not UNSET:
            field_dict["status"] = status
        if old_index is not UNSET:
            field_dict["oldIndex"] = old_index
        if new_index is not UNSET:
            field_dict["newIndex"] = new_index
        if old_role is not UNSET:
            field_dict["oldRole"] = old_role
        if new_role is not UNSET:
            field_dict["newRole"] = new_role
        if diff is not UNSET:
            field_dict["diff"] = diff
        if lines is not UNSET:
            field_dict["lines"] = lines
        if old is not UNSET:
            field_dict["old"] = old
        if new is not UNSET:
            field_dict["new"] = new
        if changes is not UNSET:
            field_dict["changes"] = changes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.diff_line import DiffLine
        from ..models.pointer_change import PointerChange

        d = dict(src_dict)
        field = d.pop("field")

        changed = d.pop("changed")

        _status = d.pop("status", UNSET)
        status: Union[Unset, FieldDiffStatus]
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = FieldDiffStatus(_status)

        old_index = d.pop("oldIndex", UNSET)

        new_index = d.pop("newIndex", UNSET)

        old_role = d.pop("oldRole", UNSET)

        new_role = d.pop("newRole", UNSET)

        diff = d.pop("diff", UNSET)

        lines = []
        _lines = d.pop("lines", UNSET)
        for lines_item_data in _lines or []:
            lines_item = DiffLine.from_dict(lines_item_data)

            lines.append(lines_item)

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
            status=status,
            old_index=old_index,
            new_index=new_index,
            old_role=old_role,
            new_role=new_role,
            diff=diff,
            lines=lines,
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
