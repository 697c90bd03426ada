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
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.prompt_analytics_interval import PromptAnalyticsInterval
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.version_analytics import VersionAnalytics
    from ..models.version_comparison import VersionComparison


T = TypeVar("T", bound="PromptAnalytics")


@_attrs_define
class PromptAnalytics:
    """
    Attributes:
        prompt_id (UUID):
        slug (str):
        environment (str): An environment of the project, by name: `dev`, `staging` and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        interval (PromptAnalyticsInterval):
        from_ (datetime.datetime):
        to (datetime.datetime):
        versions (list['VersionAnalytics']): Every version with calls in the range, newest first.
        comparison (VersionComparison):
    """

    prompt_id: UUID
    slug: str
    environment: str
    interval: PromptAnalyticsInterval
    from_: datetime.datetime
    to: datetime.datetime
    versions: list["VersionAnalytics"]
    comparison: "VersionComparison"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.version_analytics import VersionAnalytics
        from ..models.version_comparison import VersionComparison

        prompt_id = str(self.prompt_id)

        slug = self.slug

        environment = self.environment

        interval = self.interval.value

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)

        comparison = self.comparison.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "promptId": prompt_id,
                "slug": slug,
                "environment": environment,
                "interval": interval,
                "from": from_,
                "to": to,
                "versions": versions,
                "comparison": comparison,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.version_analytics import VersionAnalytics
        from ..models.version_comparison import VersionComparison

        d = dict(src_dict)
        prompt_id = UUID(d.pop("promptId"))

        slug = d.pop("slug")

        environment = d.pop("environment")

        interval = PromptAnalyticsInterval(d.pop("interval"))

        from_ = isoparse(d.pop("from"))

        to = isoparse(d.pop("to"))

        versions = []
        _versions = d.pop("versions")
        for versions_item_data in _versions:
            versions_item = VersionAnalytics.from_dict(versions_item_data)

            versions.append(versions_item)

        comparison = VersionComparison.from_dict(d.pop("comparison"))

        prompt_analytics = cls(
            prompt_id=prompt_id,
            slug=slug,
            environment=environment,
            interval=interval,
            from_=from_,
            to=to,
            versions=versions,
            comparison=comparison,
        )

        prompt_analytics.additional_properties = d
        return prompt_analytics

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
