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
    from ..models.release_analytics_guard import ReleaseAnalyticsGuard
    from ..models.release_analytics_prompt import ReleaseAnalyticsPrompt


T = TypeVar("T", bound="ReleaseAnalytics")


@_attrs_define
class ReleaseAnalytics:
    """A release's variants per prompt, and its guards' verdicts.

    Attributes:
        release_id (UUID):
        prompts (list['ReleaseAnalyticsPrompt']): The release's prompts, by slug.
        guards (list['ReleaseAnalyticsGuard']): Each guard of the strategy for each prompt, in the strategy's order.
    """

    release_id: UUID
    prompts: list["ReleaseAnalyticsPrompt"]
    guards: list["ReleaseAnalyticsGuard"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.release_analytics_guard import ReleaseAnalyticsGuard
        from ..models.release_analytics_prompt import ReleaseAnalyticsPrompt

        release_id = str(self.release_id)

        prompts = []
        for prompts_item_data in self.prompts:
            prompts_item = prompts_item_data.to_dict()
            prompts.append(prompts_item)

        guards = []
        for guards_item_data in self.guards:
            guards_item = guards_item_data.to_dict()
            guards.append(guards_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "releaseId": release_id,
                "prompts": prompts,
                "guards": guards,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.release_analytics_guard import ReleaseAnalyticsGuard
        from ..models.release_analytics_prompt import ReleaseAnalyticsPrompt

        d = dict(src_dict)
        release_id = UUID(d.pop("releaseId"))

        prompts = []
        _prompts = d.pop("prompts")
        for prompts_item_data in _prompts:
            prompts_item = ReleaseAnalyticsPrompt.from_dict(prompts_item_data)

            prompts.append(prompts_item)

        guards = []
        _guards = d.pop("guards")
        for guards_item_data in _guards:
            guards_item = ReleaseAnalyticsGuard.from_dict(guards_item_data)

            guards.append(guards_item)

        release_analytics = cls(
            release_id=release_id,
            prompts=prompts,
            guards=guards,
        )

        release_analytics.additional_properties = d
        return release_analytics

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
