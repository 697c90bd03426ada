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

T = TypeVar("T", bound="ReleaseAnalyticsFigures")


@_attrs_define
class ReleaseAnalyticsFigures:
    """The calls of one variant of a prompt in a release. The rates, latencies and cost per
    call are null without calls; sums saturate as those of `AnalyticsFigures` do.

        Attributes:
            version_number (Union[None, int]): The variant's version; null for the current variant when none was live.
            calls (int):
            errors (int):
            error_rate (Union[None, float]): errors ÷ calls.
            latency_p50_ms (Union[None, float]):
            latency_p95_ms (Union[None, float]):
            cost_per_call (Union[None, float]): The mean cost of a call, in US dollars.
            input_tokens (int):
            output_tokens (int):
    """

    version_number: Union[None, int]
    calls: int
    errors: int
    error_rate: Union[None, float]
    latency_p50_ms: Union[None, float]
    latency_p95_ms: Union[None, float]
    cost_per_call: Union[None, float]
    input_tokens: int
    output_tokens: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version_number: Union[None, int]
        version_number = self.version_number

        calls = self.calls

        errors = self.errors

        error_rate: Union[None, float]
        error_rate = self.error_rate

        latency_p50_ms: Union[None, float]
        latency_p50_ms = self.latency_p50_ms

        latency_p95_ms: Union[None, float]
        latency_p95_ms = self.latency_p95_ms

        cost_per_call: Union[None, float]
        cost_per_call = self.cost_per_call

        input_tokens = self.input_tokens

        output_tokens = self.output_tokens

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "versionNumber": version_number,
                "calls": calls,
                "errors": errors,
                "errorRate": error_rate,
                "latencyP50Ms": latency_p50_ms,
                "latencyP95Ms": latency_p95_ms,
                "costPerCall": cost_per_call,
                "inputTokens": input_tokens,
                "outputTokens": output_tokens,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_version_number(data: object) -> Union[None, int]:
            if data is None:
                return data
            return cast(Union[None, int], data)

        version_number = _parse_version_number(d.pop("versionNumber"))

        calls = d.pop("calls")

        errors = d.pop("errors")

        def _parse_error_rate(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        error_rate = _parse_error_rate(d.pop("errorRate"))

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

        def _parse_cost_per_call(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        cost_per_call = _parse_cost_per_call(d.pop("costPerCall"))

        input_tokens = d.pop("inputTokens")

        output_tokens = d.pop("outputTokens")

        release_analytics_figures = cls(
            version_number=version_number,
            calls=calls,
            errors=errors,
            error_rate=error_rate,
            latency_p50_ms=latency_p50_ms,
            latency_p95_ms=latency_p95_ms,
            cost_per_call=cost_per_call,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
        )

        release_analytics_figures.additional_properties = d
        return release_analytics_figures

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
