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
    from ..models.resolved_prompt import ResolvedPrompt


T = TypeVar("T", bound="ResolvedPromptResponse")


@_attrs_define
class ResolvedPromptResponse:
    """
    Attributes:
        data (ResolvedPrompt): The resolved version holds a whole LLM call. Every version has both views of its text:
            `messages`, and `systemPrompt`/`userTemplate`. A version created with `systemPrompt` +
            `userTemplate` has the messages `[system, user]`; one created with `messages` has as
            `systemPrompt` its system and developer messages joined by a blank line, and as
            `userTemplate` its last user message (empty when it has none).
            `partials` lists the partials its templates include, with the version of each live in
            the key's environment (or pinned); with `compose=true` the templates come with them
            expanded.
    """

    data: "ResolvedPrompt"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.resolved_prompt import ResolvedPrompt

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.resolved_prompt import ResolvedPrompt

        d = dict(src_dict)
        data = ResolvedPrompt.from_dict(d.pop("data"))

        resolved_prompt_response = cls(
            data=data,
        )

        resolved_prompt_response.additional_properties = d
        return resolved_prompt_response

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
