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

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.figure_change import FigureChange


T = TypeVar("T", bound="VersionComparisonFigures")


@_attrs_define
class VersionComparisonFigures:
    """
    Attributes:
        count (FigureChange):
        error_rate (FigureChange):
        latency_p50_ms (FigureChange):
        latency_p95_ms (FigureChange):
        latency_p99_ms (FigureChange):
        input_tokens (FigureChange):
        output_tokens (FigureChange):
        cost_usd (FigureChange):
    """

    count: "FigureChange"
    error_rate: "FigureChange"
    latency_p50_ms: "FigureChange"
    latency_p95_ms: "FigureChange"
    latency_p99_ms: "FigureChange"
    input_tokens: "FigureChange"
    output_tokens: "FigureChange"
    cost_usd: "FigureChange"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.figure_change import FigureChange

        count = self.count.to_dict()

        error_rate = self.error_rate.to_dict()

        latency_p50_ms = self.latency_p50_ms.to_dict()

        latency_p95_ms = self.latency_p95_ms.to_dict()

        latency_p99_ms = self.latency_p99_ms.to_dict()

        input_tokens = self.input_tokens.to_dict()

        output_tokens = self.output_tokens.to_dict()

        cost_usd = self.cost_usd.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "errorRate": error_rate,
                "latencyP50Ms": latency_p50_ms,
                "latencyP95Ms": latency_p95_ms,
                "latencyP99Ms": latency_p99_ms,
                "inputTokens": input_tokens,
                "outputTokens": output_tokens,
                "costUsd": cost_usd,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.figure_change import FigureChange

        d = dict(src_dict)
        count = FigureChange.from_dict(d.pop("count"))

        error_rate = FigureChange.from_dict(d.pop("errorRate"))

        latency_p50_ms = FigureChange.from_dict(d.pop("latencyP50Ms"))

        latency_p95_ms = FigureChange.from_dict(d.pop("latencyP95Ms"))

        latency_p99_ms = FigureChange.from_dict(d.pop("latencyP99Ms"))

        input_tokens = FigureChange.from_dict(d.pop("inputTokens"))

        output_tokens = FigureChange.from_dict(d.pop("outputTokens"))

        cost_usd = FigureChange.from_dict(d.pop("costUsd"))

        version_comparison_figures = cls(
            count=count,
            error_rate=error_rate,
            latency_p50_ms=latency_p50_ms,
            latency_p95_ms=latency_p95_ms,
            latency_p99_ms=latency_p99_ms,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cost_usd=cost_usd,
        )

        version_comparison_figures.additional_properties = d
        return version_comparison_figures

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
