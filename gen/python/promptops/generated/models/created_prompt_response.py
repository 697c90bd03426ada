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

if TYPE_CHECKING:
    from ..models.prompt import Prompt
    from ..models.version import Version


T = TypeVar("T", bound="CreatedPromptResponse")


@_attrs_define
class CreatedPromptResponse:
    """The prompt created (`data`, as `PromptResponse`), and when the request gave `version`,
    the version created with it and that version's warnings (as `CreatedVersionResponse`).
    With `validateOnly=true`, what would be created, with nil ids.

        Attributes:
            data (Prompt):
            version (Union[Unset, Version]): A version holds a whole LLM call. Every version has both views of its text:
                `messages`, and `systemPrompt`/`userTemplate`. A version created with `systemPrompt` +
                `userTemplate` has the messages `[system, user]`; one created with `messages` has as
                `systemPrompt` its system and developer messages joined by a blank line, and as
                `userTemplate` its last user message (empty when it has none).
            warnings (Union[Unset, list[str]]): The version's warnings (see `CreatedVersionResponse`); present with
                `version`.
    """

    data: "Prompt"
    version: Union[Unset, "Version"] = UNSET
    warnings: Union[Unset, list[str]] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.prompt import Prompt
        from ..models.version import Version

        data = self.data.to_dict()

        version: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.version, Unset):
            version = self.version.to_dict()

        warnings: Union[Unset, list[str]] = UNSET
        if not isinstance(self.warnings, Unset):
            warnings = self.warnings

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )
        if version is not UNSET:
            field_dict["version"] = version
        if warnings is not UNSET:
            field_dict["warnings"] = warnings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.prompt import Prompt
        from ..models.version import Version

        d = dict(src_dict)
        data = Prompt.from_dict(d.pop("data"))

        _version = d.pop("version", UNSET)
        version: Union[Unset, Version]
        if isinstance(_version, Unset):
            version = UNSET
        else:
            version = Version.from_dict(_version)

        warnings = cast(list[str], d.pop("warnings", UNSET))

        created_prompt_response = cls(
            data=data,
            version=version,
            warnings=warnings,
        )

        created_prompt_response.additional_properties = d
        return created_prompt_response

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
