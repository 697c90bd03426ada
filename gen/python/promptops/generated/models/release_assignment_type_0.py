from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, Optional, TextIO, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.release_assignment_type_0_variant import ReleaseAssignmentType0Variant
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReleaseAssignmentType0")


@_attrs_define
class ReleaseAssignmentType0:
    """The rolling release an answer comes from and the subject's variant in it; null outside a release.

    Attributes:
        id (UUID):
        variant (ReleaseAssignmentType0Variant):
    """

    id: UUID
    variant: ReleaseAssignmentType0Variant
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        variant = self.variant.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "variant": variant,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        variant = ReleaseAssignmentType0Variant(d.pop("variant"))

        release_assignment_type_0 = cls(
            id=id,
            variant=variant,
        )

        release_assignment_type_0.additional_properties = d
        return release_assignment_type_0

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
