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
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rate_limit_window import RateLimitWindow
    from ..models.usage_day import UsageDay
    from ..models.usage_resources import UsageResources
    from ..models.version_calls import VersionCalls


T = TypeVar("T", bound="Usage")


@_attrs_define
class Usage:
    """
    Attributes:
        project_id (UUID):
        requests_per_day (list['UsageDay']): The last `days` UTC days (30 unless asked, one entry each), oldest first,
            today last.
        rate_limit (RateLimitWindow): The calling key's rate limit, as the instance that answered sees it (see "Rate
            limits").
        resources (UsageResources):
        resolves (list['VersionCalls']): Resolve and render calls of the last 24 hours per key, prompt version and
            environment, most calls first: the 1,000 with the most calls.
        resolves_total (int): How many keys and prompt versions there are with calls in the last 24 hours;
            more than the length of `resolves` when it lists only the 1,000 with the most.
    """

    project_id: UUID
    requests_per_day: list["UsageDay"]
    rate_limit: "RateLimitWindow"
    resources: "UsageResources"
    resolves: list["VersionCalls"]
    resolves_total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.rate_limit_window import RateLimitWindow
        from ..models.usage_day import UsageDay
        from ..models.usage_resources import UsageResources
        from ..models.version_calls import VersionCalls

        project_id = str(self.project_id)

        requests_per_day = []
        for requests_per_day_item_data in self.requests_per_day:
            requests_per_day_item = requests_per_day_item_data.to_dict()
            requests_per_day.append(requests_per_day_item)

        rate_limit = self.rate_limit.to_dict()

        resources = self.resources.to_dict()

        resolves = []
        for resolves_item_data in self.resolves:
            resolves_item = resolves_item_data.to_dict()
            resolves.append(resolves_item)

        resolves_total = self.resolves_total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "projectId": project_id,
                "requestsPerDay": requests_per_day,
                "rateLimit": rate_limit,
                "resources": resources,
                "resolves": resolves,
                "resolvesTotal": resolves_total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rate_limit_window import RateLimitWindow
        from ..models.usage_day import UsageDay
        from ..models.usage_resources import UsageResources
        from ..models.version_calls import VersionCalls

        d = dict(src_dict)
        project_id = UUID(d.pop("projectId"))

        requests_per_day = []
        _requests_per_day = d.pop("requestsPerDay")
        for requests_per_day_item_data in _requests_per_day:
            requests_per_day_item = UsageDay.from_dict(requests_per_day_item_data)

            requests_per_day.append(requests_per_day_item)

        rate_limit = RateLimitWindow.from_dict(d.pop("rateLimit"))

        resources = UsageResources.from_dict(d.pop("resources"))

        resolves = []
        _resolves = d.pop("resolves")
        for resolves_item_data in _resolves:
            resolves_item = VersionCalls.from_dict(resolves_item_data)

            resolves.append(resolves_item)

        resolves_total = d.pop("resolvesTotal")

        usage = cls(
            project_id=project_id,
            requests_per_day=requests_per_day,
            rate_limit=rate_limit,
            resources=resources,
            resolves=resolves,
            resolves_total=resolves_total,
        )

        usage.additional_properties = d
        return usage

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
