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

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AnalyticsFigures")


@_attrs_define
class AnalyticsFigures:
    """Figures of a set of calls. Latency percentiles are read from a fixed histogram whose
    buckets end at 1, 2, 5, 10, 20, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000,
    7500, 10000, 15000, 20000, 30000, 60000 and 120000 ms (and one beyond), interpolated
    within the bucket and kept between the fastest and the slowest call: exact to within the
    bucket's width (one call's percentiles are its latency). They are null without calls.

    Sums saturate rather than wrap: a count or token figure of 9223372036854775807
    (2^63−1), or a `costUsd` of 9223372036.854775807 (2^63−1 billionths of a dollar),
    means at least that much. Track's maxima (a million dollars and a billion tokens an
    event) reach the cost's bound in 10,000 events.

        Attributes:
            count (int):
            errors (int):
            error_rate (float): errors ÷ count; 0 without calls.
            latency_p50_ms (Union[None, float]):
            latency_p95_ms (Union[None, float]):
            latency_p99_ms (Union[None, float]):
            input_tokens (int):
            output_tokens (int):
            cost_usd (float):
    """

    count: int
    errors: int
    error_rate: float
    latency_p50_ms: Union[None, float]
    latency_p95_ms: Union[None, float]
    latency_p99_ms: Union[None, float]
    input_tokens: int
    output_tokens: int
    cost_usd: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        errors = self.errors

        error_rate = self.error_rate

        latency_p50_ms: Union[None, float]
        latency_p50_ms = self.latency_p50_ms

        latency_p95_ms: Union[None, float]
        latency_p95_ms = self.latency_p95_ms

        latency_p99_ms: Union[None, float]
        latency_p99_ms = self.latency_p99_ms

        input_tokens = self.input_tokens

        output_tokens = self.output_tokens

        cost_usd = self.cost_usd

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "errors": errors,
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
        d = dict(src_dict)
        count = d.pop("count")

        errors = d.pop("errors")

        error_rate = d.pop("errorRate")

        def _parse_latency_p50_ms(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        latency_p50_ms = _parse_latency_p50_ms(d.pop("latencyP50Ms"))

        def _parse_latency_p95_ms(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        latency_p95_ms = _parse_latency_p95_ms(d.pop("latencyP95Ms"))

        def _parse_latency_p99_ms(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        latency_p99_ms = _parse_latency_p99_ms(d.pop("latencyP99Ms"))

        input_tokens = d.pop("inputTokens")

        output_tokens = d.pop("outputTokens")

        cost_usd = d.pop("costUsd")

        analytics_figures = cls(
            count=count,
            errors=errors,
            error_rate=error_rate,
            latency_p50_ms=latency_p50_ms,
            latency_p95_ms=latency_p95_ms,
            latency_p99_ms=latency_p99_ms,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cost_usd=cost_usd,
        )

        analytics_figures.additional_properties = d
        return analytics_figures

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
