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

from ..models.release_analytics_guard_metric import ReleaseAnalyticsGuardMetric
from ..models.release_analytics_guard_verdict import ReleaseAnalyticsGuardVerdict
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReleaseAnalyticsGuard")


@_attrs_define
class ReleaseAnalyticsGuard:
    """A guard of the release's strategy, judged on one prompt.

    Attributes:
        metric (ReleaseAnalyticsGuardMetric):
        max_ (Union[None, float]):
        max_increase (Union[None, float]):
        min_calls (int):
        prompt_id (UUID):
        prompt (str): The prompt's slug.
        verdict (ReleaseAnalyticsGuardVerdict):
        detail (Union[None, str]): What breached, and by how much; null unless breached.
    """

    metric: ReleaseAnalyticsGuardMetric
    max_: Union[None, float]
    max_increase: Union[None, float]
    min_calls: int
    prompt_id: UUID
    prompt: str
    verdict: ReleaseAnalyticsGuardVerdict
    detail: Union[None, str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        metric = self.metric.value

        max_: Union[None, float]
        max_ = self.max_

        max_increase: Union[None, float]
        max_increase = self.max_increase

        min_calls = self.min_calls

        prompt_id = str(self.prompt_id)

        prompt = self.prompt

        verdict = self.verdict.value

        detail: Union[None, str]
        detail = self.detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "metric": metric,
                "max": max_,
                "maxIncrease": max_increase,
                "minCalls": min_calls,
                "promptId": prompt_id,
                "prompt": prompt,
                "verdict": verdict,
                "detail": detail,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        metric = ReleaseAnalyticsGuardMetric(d.pop("metric"))

        def _parse_max_(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        max_ = _parse_max_(d.pop("max"))

        def _parse_max_increase(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        max_increase = _parse_max_increase(d.pop("maxIncrease"))

        min_calls = d.pop("minCalls")

        prompt_id = UUID(d.pop("promptId"))

        prompt = d.pop("prompt")

        verdict = ReleaseAnalyticsGuardVerdict(d.pop("verdict"))

        def _parse_detail(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        detail = _parse_detail(d.pop("detail"))

        release_analytics_guard = cls(
            metric=metric,
            max_=max_,
            max_increase=max_increase,
            min_calls=min_calls,
            prompt_id=prompt_id,
            prompt=prompt,
            verdict=verdict,
            detail=detail,
        )

        release_analytics_guard.additional_properties = d
        return release_analytics_guard

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
