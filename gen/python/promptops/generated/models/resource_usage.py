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

from ..types import UNSET, Unset

T = TypeVar("T", bound="ResourceUsage")


@_attrs_define
class ResourceUsage:
    """How much of a quota is used. `versions` are limited per prompt: their `used` is the
    most versions one prompt holds and `total` counts every version of the project.
    `apiKeys` counts active keys (neither revoked nor expired), `environments` the
    project's environments (the three it starts with included), `connections` its
    provider connections and `invitations` its pending invitations (neither accepted nor
    expired). `analyticsBytes` and
    `idempotencyBytes` are bytes, as the quotas count them (see "Quotas").

        Attributes:
            used (int):
            limit (int):
            total (Union[Unset, int]):
    """

    used: int
    limit: int
    total: Union[Unset, int] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        used = self.used

        limit = self.limit

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "used": used,
                "limit": limit,
            }
        )
        if total is not UNSET:
            field_dict["total"] = total

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        used = d.pop("used")

        limit = d.pop("limit")

        total = d.pop("total", UNSET)

        resource_usage = cls(
            used=used,
            limit=limit,
            total=total,
        )

        resource_usage.additional_properties = d
        return resource_usage

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
