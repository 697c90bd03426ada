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

from ..models.release_guard_metric import ReleaseGuardMetric
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReleaseGuard")


@_attrs_define
class ReleaseGuard:
    """A threshold on a new version's metric over the release's own traffic: `max` bounds
    its value, `maxIncrease` its value less the current version's (at least one of
    them), judged once the variants have `minCalls` calls.

        Attributes:
            metric (ReleaseGuardMetric):
            min_calls (int):
            max_ (Union[Unset, float]):
            max_increase (Union[Unset, float]):
            evaluation_interval (Union[Unset, str]): How often the guard is evaluated, a Go duration of at least `1s` (the
                server's `PROMPTOPS_RELEASE_EVALUATION_INTERVAL`, 30 s, when absent). Example: 30s.
    """

    metric: ReleaseGuardMetric
    min_calls: int
    max_: Union[Unset, float] = UNSET
    max_increase: Union[Unset, float] = UNSET
    evaluation_interval: Union[Unset, str] = UNSET

    def to_dict(self) -> dict[str, Any]:
        metric = self.metric.value

        min_calls = self.min_calls

        max_ = self.max_

        max_increase = self.max_increase

        evaluation_interval = self.evaluation_interval

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "metric": metric,
                "minCalls": min_calls,
            }
        )
        if max_ is not UNSET:
            field_dict["max"] = max_
        if max_increase is not UNSET:
            field_dict["maxIncrease"] = max_increase
        if evaluation_interval is not UNSET:
            field_dict["evaluationInterval"] = evaluation_interval

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        metric = ReleaseGuardMetric(d.pop("metric"))

        min_calls = d.pop("minCalls")

        max_ = d.pop("max", UNSET)

        max_increase = d.pop("maxIncrease", UNSET)

        evaluation_interval = d.pop("evaluationInterval", UNSET)

        release_guard = cls(
            metric=metric,
            min_calls=min_calls,
            max_=max_,
            max_increase=max_increase,
            evaluation_interval=evaluation_interval,
        )

        return release_guard
