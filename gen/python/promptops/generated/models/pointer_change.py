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
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.pointer_change_op import PointerChangeOp
from ..types import UNSET, Unset

T = TypeVar("T", bound="PointerChange")


@_attrs_define
class PointerChange:
    """
    Attributes:
        pointer (str): An RFC 6901 JSON pointer into the field.
        op (Union[Unset, PointerChangeOp]): How the value changed (RFC 6902's words); `move` is a tool found at another
            place
            in the list, from `from`, its changes listed after it.
        from_ (Union[Unset, str]): For a move, the tool's pointer in `against`.
        old (Union[Unset, Any]): The value in `against` (absent when it had none, or null).
        new (Union[Unset, Any]): The value in this version (absent when it has none, or null).
    """

    pointer: str
    op: Union[Unset, PointerChangeOp] = UNSET
    from_: Union[Unset, str] = UNSET
    old: Union[Unset, Any] = UNSET
    new: Union[Unset, Any] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pointer = self.pointer

        op: Union[Unset, str] = UNSET
        if not isinstance(self.op, Unset):
            op = self.op.value

        from_ = self.from_

        old = self.old

        new = self.new

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "pointer": pointer,
            }
        )
        if op is not UNSET:
            field_dict["op"] = op
        if from_ is not UNSET:
            field_dict["from"] = from_
        if old is not UNSET:
            field_dict["old"] = old
        if new is not UNSET:
            field_dict["new"] = new

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pointer = d.pop("pointer")

        _op = d.pop("op", UNSET)
        op: Union[Unset, PointerChangeOp]
        if isinstance(_op, Unset):
            op = UNSET
        else:
            op = PointerChangeOp(_op)

        from_ = d.pop("from", UNSET)

        old = d.pop("old", UNSET)

        new = d.pop("new", UNSET)

        pointer_change = cls(
            pointer=pointer,
            op=op,
            from_=from_,
            old=old,
            new=new,
        )

        pointer_change.additional_properties = d
        return pointer_change

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
