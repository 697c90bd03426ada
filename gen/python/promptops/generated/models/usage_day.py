import datetime
from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    BinaryIO,
    Generator,
    Optional,
    TextIO,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.key_requests import KeyRequests
    from ..models.usage_day_by_environment import UsageDayByEnvironment
    from ..models.usage_day_environments import UsageDayEnvironments


T = TypeVar("T", bound="UsageDay")


@_attrs_define
class UsageDay:
    """
    Attributes:
        date (datetime.date):
        requests (int): Authenticated requests of the project that day.
        environments (UsageDayEnvironments): The day's requests by the environment of the key that made them.
        by_environment (UsageDayByEnvironment): The day's requests by the environment of the key that made them, for
            every
            environment with requests that day, added environments included (`environments`
            names only the reference's three); environments without requests are left out.
        keys (list['KeyRequests']): The day's requests by key, most first: the 100 keys with the most (keys without
            requests that day are left out).
        keys_total (int): How many keys made requests that day; more than the length of `keys` when it
            lists only the 100 with the most. `requests` and the environments count them all.
    """

    date: datetime.date
    requests: int
    environments: "UsageDayEnvironments"
    by_environment: "UsageDayByEnvironment"
    keys: list["KeyRequests"]
    keys_total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.key_requests import KeyRequests
        from ..models.usage_day_by_environment import UsageDayByEnvironment
        from ..models.usage_day_environments import UsageDayEnvironments

        date = self.date.isoformat()

        requests = self.requests

        environments = self.environments.to_dict()

        by_environment = self.by_environment.to_dict()

        keys = []
        for keys_item_data in self.keys:
            keys_item = keys_item_data.to_dict()
            keys.append(keys_item)

        keys_total = self.keys_total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "requests": requests,
                "environments": environments,
                "byEnvironment": by_environment,
                "keys": keys,
                "keysTotal": keys_total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.key_requests import KeyRequests
        from ..models.usage_day_by_environment import UsageDayByEnvironment
        from ..models.usage_day_environments import UsageDayEnvironments

        d = dict(src_dict)
        date = isoparse(d.pop("date")).date()

        requests = d.pop("requests")

        environments = UsageDayEnvironments.from_dict(d.pop("environments"))

        by_environment = UsageDayByEnvironment.from_dict(d.pop("byEnvironment"))

        keys = []
        _keys = d.pop("keys")
        for keys_item_data in _keys:
            keys_item = KeyRequests.from_dict(keys_item_data)

            keys.append(keys_item)

        keys_total = d.pop("keysTotal")

        usage_day = cls(
            date=date,
            requests=requests,
            environments=environments,
            by_environment=by_environment,
            keys=keys,
            keys_total=keys_total,
        )

        usage_day.additional_properties = d
        return usage_day

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
