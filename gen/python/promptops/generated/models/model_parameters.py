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

from ..models.model_parameters_reasoning_effort import ModelParametersReasoningEffort
from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelParameters")


@_attrs_define
class ModelParameters:
    """Sampling settings beside `model`, `temperature` and `maxTokens`; empty when none are set.

    Attributes:
        top_p (Union[Unset, float]):
        stop (Union[Unset, list[str]]):
        presence_penalty (Union[Unset, float]):
        frequency_penalty (Union[Unset, float]):
        seed (Union[Unset, int]):
        reasoning_effort (Union[Unset, ModelParametersReasoningEffort]):
    """

    top_p: Union[Unset, float] = UNSET
    stop: Union[Unset, list[str]] = UNSET
    presence_penalty: Union[Unset, float] = UNSET
    frequency_penalty: Union[Unset, float] = UNSET
    seed: Union[Unset, int] = UNSET
    reasoning_effort: Union[Unset, ModelParametersReasoningEffort] = UNSET

    def to_dict(self) -> dict[str, Any]:
        top_p = self.top_p

        stop: Union[Unset, list[str]] = UNSET
        if not isinstance(self.stop, Unset):
            stop = self.stop

        presence_penalty = self.presence_penalty

        frequency_penalty = self.frequency_penalty

        seed = self.seed

        reasoning_effort: Union[Unset, str] = UNSET
        if not isinstance(self.reasoning_effort, Unset):
            reasoning_effort = self.reasoning_effort.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if top_p is not UNSET:
            field_dict["topP"] = top_p
        if stop is not UNSET:
            field_dict["stop"] = stop
        if presence_penalty is not UNSET:
            field_dict["presencePenalty"] = presence_penalty
        if frequency_penalty is not UNSET:
            field_dict["frequencyPenalty"] = frequency_penalty
        if seed is not UNSET:
            field_dict["seed"] = seed
        if reasoning_effort is not UNSET:
            field_dict["reasoningEffort"] = reasoning_effort

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        top_p = d.pop("topP", UNSET)

        stop = cast(list[str], d.pop("stop", UNSET))

        presence_penalty = d.pop("presencePenalty", UNSET)

        frequency_penalty = d.pop("frequencyPenalty", UNSET)

        seed = d.pop("seed", UNSET)

        _reasoning_effort = d.pop("reasoningEffort", UNSET)
        reasoning_effort: Union[Unset, ModelParametersReasoningEffort]
        if isinstance(_reasoning_effort, Unset):
            reasoning_effort = UNSET
        else:
            reasoning_effort = ModelParametersReasoningEffort(_reasoning_effort)

        model_parameters = cls(
            top_p=top_p,
            stop=stop,
            presence_penalty=presence_penalty,
            frequency_penalty=frequency_penalty,
            seed=seed,
            reasoning_effort=reasoning_effort,
        )

        return model_parameters
