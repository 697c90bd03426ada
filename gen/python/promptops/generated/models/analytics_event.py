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
    Union,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.analytics_event_type import AnalyticsEventType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.analytics_event_metadata import AnalyticsEventMetadata


T = TypeVar("T", bound="AnalyticsEvent")


@_attrs_define
class AnalyticsEvent:
    """One use of a prompt version by the application.

    Attributes:
        type_ (AnalyticsEventType):
        slug (str):
        version_number (int):
        latency_ms (float): How long the LLM call took, in milliseconds.
        success (bool):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging` and `production`
            always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        input_tokens (Union[Unset, int]):
        output_tokens (Union[Unset, int]):
        cost_usd (Union[Unset, float]):
        error (Union[Unset, str]): What went wrong; only with `success` false.
        trace_id (Union[Unset, str]): The W3C trace id of the call's OpenTelemetry trace.
        span_id (Union[Unset, str]): The W3C span id of the call.
        metadata (Union[Unset, AnalyticsEventMetadata]): Anything else worth keeping with the event (at most 50 members,
            and 4,096 bytes of JSON as sent).
        timestamp (Union[Unset, datetime.datetime]): When the call happened; default now. At most 7 days old and 5
            minutes ahead.
    """

    type_: AnalyticsEventType
    slug: str
    version_number: int
    latency_ms: float
    success: bool
    environment: Union[Unset, str] = UNSET
    input_tokens: Union[Unset, int] = UNSET
    output_tokens: Union[Unset, int] = UNSET
    cost_usd: Union[Unset, float] = UNSET
    error: Union[Unset, str] = UNSET
    trace_id: Union[Unset, str] = UNSET
    span_id: Union[Unset, str] = UNSET
    metadata: Union[Unset, "AnalyticsEventMetadata"] = UNSET
    timestamp: Union[Unset, datetime.datetime] = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.analytics_event_metadata import AnalyticsEventMetadata

        type_ = self.type_.value

        slug = self.slug

        version_number = self.version_number

        latency_ms = self.latency_ms

        success = self.success

        environment = self.environment

        input_tokens = self.input_tokens

        output_tokens = self.output_tokens

        cost_usd = self.cost_usd

        error = self.error

        trace_id = self.trace_id

        span_id = self.span_id

        metadata: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        timestamp: Union[Unset, str] = UNSET
        if not isinstance(self.timestamp, Unset):
            timestamp = self.timestamp.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "slug": slug,
                "versionNumber": version_number,
                "latencyMs": latency_ms,
                "success": success,
            }
        )
        if environment is not UNSET:
            field_dict["environment"] = environment
        if input_tokens is not UNSET:
            field_dict["inputTokens"] = input_tokens
        if output_tokens is not UNSET:
            field_dict["outputTokens"] = output_tokens
        if cost_usd is not UNSET:
            field_dict["costUsd"] = cost_usd
        if error is not UNSET:
            field_dict["error"] = error
        if trace_id is not UNSET:
            field_dict["traceId"] = trace_id
        if span_id is not UNSET:
            field_dict["spanId"] = span_id
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.analytics_event_metadata import AnalyticsEventMetadata

        d = dict(src_dict)
        type_ = AnalyticsEventType(d.pop("type"))

        slug = d.pop("slug")

        version_number = d.pop("versionNumber")

        latency_ms = d.pop("latencyMs")

        success = d.pop("success")

        environment = d.pop("environment", UNSET)

        input_tokens = d.pop("inputTokens", UNSET)

        output_tokens = d.pop("outputTokens", UNSET)

        cost_usd = d.pop("costUsd", UNSET)

        error = d.pop("error", UNSET)

        trace_id = d.pop("traceId", UNSET)

        span_id = d.pop("spanId", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: Union[Unset, AnalyticsEventMetadata]
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = AnalyticsEventMetadata.from_dict(_metadata)

        _timestamp = d.pop("timestamp", UNSET)
        timestamp: Union[Unset, datetime.datetime]
        if isinstance(_timestamp, Unset):
            timestamp = UNSET
        else:
            timestamp = isoparse(_timestamp)

        analytics_event = cls(
            type_=type_,
            slug=slug,
            version_number=version_number,
            latency_ms=latency_ms,
            success=success,
            environment=environment,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cost_usd=cost_usd,
            error=error,
            trace_id=trace_id,
            span_id=span_id,
            metadata=metadata,
            timestamp=timestamp,
        )

        return analytics_event
