from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, Optional, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.quota_resource import QuotaResource
from ..types import UNSET, Unset

T = TypeVar("T", bound="Quota")


@_attrs_define
class Quota:
    """The quota a create would exceed (`QUOTA_EXCEEDED`).

    Attributes:
        resource (QuotaResource): What is counted; `versions` are counted per prompt, `checks` (distinct names)
            per version, `personalTokens` and
            `memberships` (the projects one belongs to) per person, the others per project (`apiKeys` and `personalTokens`
            count active ones,
            `invitations` pending ones; `analyticsBytes` and `idempotencyBytes` count bytes
            stored).
        limit (int): The most the project (or prompt, version or person) may hold. Example: 1000.
    """

    resource: QuotaResource
    limit: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        resource = self.resource.value

        limit = self.limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "resource": resource,
                "limit": limit,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        resource = QuotaResource(d.pop("resource"))

        limit = d.pop("limit")

        quota = cls(
            resource=resource,
            limit=limit,
        )

        quota.additional_properties = d
        return quota

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
