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

from ..models.connection_provider import ConnectionProvider
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_result_raw import RunResultRaw
    from ..models.run_usage import RunUsage
    from ..models.tool_call import ToolCall


T = TypeVar("T", bound="RunResult")


@_attrs_define
class RunResult:
    """
    Attributes:
        version_id (UUID):
        version_number (int):
        provider (ConnectionProvider): `openai` (OpenAI Chat Completions, or any API compatible with it) or `anthropic`
            (Anthropic Messages).
        model (str): The model asked.
        output (str): The text of the answer (its text parts joined).
        tool_calls (list['ToolCall']):
        usage (RunUsage):
        latency_ms (float): How long the provider took to answer, in milliseconds.
        cost_usd (Union[None, float]): The price of the run by the server's price table; null for a model it does not
            know.
        raw (RunResultRaw): The provider's answer as it came (at most 1 MiB).
    """

    version_id: UUID
    version_number: int
    provider: ConnectionProvider
    model: str
    output: str
    tool_calls: list["ToolCall"]
    usage: "RunUsage"
    latency_ms: float
    cost_usd: Union[None, float]
    raw: "RunResultRaw"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.run_result_raw import RunResultRaw
        from ..models.run_usage import RunUsage
        from ..models.tool_call import ToolCall

        version_id = str(self.version_id)

        version_number = self.version_number

        provider = self.provider.value

        model = self.model

        output = self.output

        tool_calls = []
        for tool_calls_item_data in self.tool_calls:
            tool_calls_item = tool_calls_item_data.to_dict()
            tool_calls.append(tool_calls_item)

        usage = self.usage.to_dict()

        latency_ms = self.latency_ms

        cost_usd: Union[None, float]
        cost_usd = self.cost_usd

        raw = self.raw.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "versionId": version_id,
                "versionNumber": version_number,
                "provider": provider,
                "model": model,
                "output": output,
                "toolCalls": tool_calls,
                "usage": usage,
                "latencyMs": latency_ms,
                "costUsd": cost_usd,
                "raw": raw,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_result_raw import RunResultRaw
        from ..models.run_usage import RunUsage
        from ..models.tool_call import ToolCall

        d = dict(src_dict)
        version_id = UUID(d.pop("versionId"))

        version_number = d.pop("versionNumber")

        provider = ConnectionProvider(d.pop("provider"))

        model = d.pop("model")

        output = d.pop("output")

        tool_calls = []
        _tool_calls = d.pop("toolCalls")
        for tool_calls_item_data in _tool_calls:
            tool_calls_item = ToolCall.from_dict(tool_calls_item_data)

            tool_calls.append(tool_calls_item)

        usage = RunUsage.from_dict(d.pop("usage"))

        latency_ms = d.pop("latencyMs")

        def _parse_cost_usd(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        cost_usd = _parse_cost_usd(d.pop("costUsd"))

        raw = RunResultRaw.from_dict(d.pop("raw"))

        run_result = cls(
            version_id=version_id,
            version_number=version_number,
            provider=provider,
            model=model,
            output=output,
            tool_calls=tool_calls,
            usage=usage,
            latency_ms=latency_ms,
            cost_usd=cost_usd,
            raw=raw,
        )

        run_result.additional_properties = d
        return run_result

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
