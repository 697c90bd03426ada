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

from ..models.diff_line_kind import DiffLineKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.diff_span import DiffSpan


T = TypeVar("T", bound="DiffLine")


@_attrs_define
class DiffLine:
    """One row of a text side by side: a line of `against` (old) and of this version (new).
    A `changed` row pairs a removed line with the added line that replaced it, its
    differing words marked; a `removed` or `added` row has one side only.

        Attributes:
            kind (DiffLineKind):
            old (list['DiffSpan']):
            new (list['DiffSpan']):
            old_line (Union[Unset, int]): The old line's number, from 1 (absent for an added line).
            new_line (Union[Unset, int]): The new line's number, from 1 (absent for a removed line).
    """

    kind: DiffLineKind
    old: list["DiffSpan"]
    new: list["DiffSpan"]
    old_line: Union[Unset, int] = UNSET
    new_line: Union[Unset, int] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.diff_span import DiffSpan

        kind = self.kind.value

        old = []
        for old_item_data in self.old:
            old_item = old_item_data.to_dict()
            old.append(old_item)

        new = []
        for new_item_data in self.new:
            new_item = new_item_data.to_dict()
            new.append(new_item)

        old_line = self.old_line

        new_line = self.new_line

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "old": old,
                "new": new,
            }
        )
        if old_line is not UNSET:
            field_dict["oldLine"] = old_line
        if new_line is not UNSET:
            field_dict["newLine"] = new_line

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.diff_span import DiffSpan

        d = dict(src_dict)
        kind = DiffLineKind(d.pop("kind"))

        old = []
        _old = d.pop("old")
        for old_item_data in _old:
            old_item = DiffSpan.from_dict(old_item_data)

            old.append(old_item)

        new = []
        _new = d.pop("new")
        for new_item_data in _new:
            new_item = DiffSpan.from_dict(new_item_data)

            new.append(new_item)

        old_line = d.pop("oldLine", UNSET)

        new_line = d.pop("newLine", UNSET)

        diff_line = cls(
            kind=kind,
            old=old,
            new=new,
            old_line=old_line,
            new_line=new_line,
        )

        diff_line.additional_properties = d
        return diff_line

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
