from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, Optional, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UsageDayEnvironments")


@_attrs_define
class UsageDayEnvironments:
    """The day's requests by the environment of the key that made them.

    Attributes:
        dev (int):
        staging (int):
        production (int):
    """

    dev: int
    staging: int
    production: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        dev = self.dev

        staging = self.staging

        production = self.production

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "dev": dev,
                "staging": staging,
                "production": production,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        dev = d.pop("dev")

        staging = d.pop("staging")

        production = d.pop("production")

        usage_day_environments = cls(
            dev=dev,
            staging=staging,
            production=production,
        )

        usage_day_environments.additional_properties = d
        return usage_day_environments

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
