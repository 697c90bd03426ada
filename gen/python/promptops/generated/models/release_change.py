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
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReleaseChange")


@_attrs_define
class ReleaseChange:
    """
    Attributes:
        prompt_id (UUID):
        slug (str):
        from_version_number (Union[None, int]): The version live when the release applied (null before it applied, or
            when none was).
        to_version_number (int):
        to_version_id (UUID):
    """

    prompt_id: UUID
    slug: str
    from_version_number: Union[None, int]
    to_version_number: int
    to_version_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt_id = str(self.prompt_id)

        slug = self.slug

        from_version_number: Union[None, int]
        from_version_number = self.from_version_number

        to_version_number = self.to_version_number

        to_version_id = str(self.to_version_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "promptId": prompt_id,
                "slug": slug,
                "fromVersionNumber": from_version_number,
                "toVersionNumber": to_version_number,
                "toVersionId": to_version_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt_id = UUID(d.pop("promptId"))

        slug = d.pop("slug")

        def _parse_from_version_number(data: object) -> Union[None, int]:
            if data is None:
                return data
            return cast(Union[None, int], data)

        from_version_number = _parse_from_version_number(d.pop("fromVersionNumber"))

        to_version_number = d.pop("toVersionNumber")

        to_version_id = UUID(d.pop("toVersionId"))

        release_change = cls(
            prompt_id=prompt_id,
            slug=slug,
            from_version_number=from_version_number,
            to_version_number=to_version_number,
            to_version_id=to_version_id,
        )

        release_change.additional_properties = d
        return release_change

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
