from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, Optional, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.readiness_check import ReadinessCheck
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReadinessChecks")


@_attrs_define
class ReadinessChecks:
    """Each condition of readiness, `ok` or `unavailable`.

    Attributes:
        database (ReadinessCheck):
        migrations (ReadinessCheck):
        feed (ReadinessCheck):
    """

    database: ReadinessCheck
    migrations: ReadinessCheck
    feed: ReadinessCheck
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        database = self.database.value

        migrations = self.migrations.value

        feed = self.feed.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "database": database,
                "migrations": migrations,
                "feed": feed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        database = ReadinessCheck(d.pop("database"))

        migrations = ReadinessCheck(d.pop("migrations"))

        feed = ReadinessCheck(d.pop("feed"))

        readiness_checks = cls(
            database=database,
            migrations=migrations,
            feed=feed,
        )

        readiness_checks.additional_properties = d
        return readiness_checks

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
