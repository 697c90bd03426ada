from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, Optional, TextIO, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SnapshotPartial")


@_attrs_define
class SnapshotPartial:
    """
    Attributes:
        ref (str): The reference as templates write it, `slug` or `slug@3`.
        slug (str):
        version_number (int):
        version_id (UUID):
        template (str): The included version's user template.
    """

    ref: str
    slug: str
    version_number: int
    version_id: UUID
    template: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ref = self.ref

        slug = self.slug

        version_number = self.version_number

        version_id = str(self.version_id)

        template = self.template

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ref": ref,
                "slug": slug,
                "versionNumber": version_number,
                "versionId": version_id,
                "template": template,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ref = d.pop("ref")

        slug = d.pop("slug")

        version_number = d.pop("versionNumber")

        version_id = UUID(d.pop("versionId"))

        template = d.pop("template")

        snapshot_partial = cls(
            ref=ref,
            slug=slug,
            version_number=version_number,
            version_id=version_id,
            template=template,
        )

        snapshot_partial.additional_properties = d
        return snapshot_partial

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
