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
    from ..models.version import Version
    from ..models.version_diff import VersionDiff


T = TypeVar("T", bound="CreatedVersionResponse")


@_attrs_define
class CreatedVersionResponse:
    """The version created, and what looks wrong in it without being an error. `diff` is only
    in the 200 of a validate-only create given `diffAgainst`: the proposed version (its
    `versionId` the nil UUID) compared with that version.

        Attributes:
            data (Version): A version holds a whole LLM call. Every version has both views of its text:
                `messages`, and `systemPrompt`/`userTemplate`. A version created with `systemPrompt` +
                `userTemplate` has the messages `[system, user]`; one created with `messages` has as
                `systemPrompt` its system and developer messages joined by a blank line, and as
                `userTemplate` its last user message (empty when it has none).
            warnings (list[str]): Things worth knowing that are not errors, the version created all the same; empty
                when there are none. Prompts often carry JSON, so single braces are plain text, and
                what looks like a placeholder of another template syntax is only pointed out, in
                the text outside PromptOps tags:
                - `line L, column C: "{name}" looks like a placeholder of another syntax;
                  PromptOps placeholders are {{ name }}`, for a name (letters, digits, `_` and `.`)
                  in single braces (`{name}`, `{ name }`), `${name}`, or three braces
                  `{{{name}}}`. Braces around JSON (`{"a": 1}`, `{ "name": "x" }`) never warn.
                - `line L, column C: "{% if vip %}" looks like a tag of another syntax (Jinja);
                  PromptOps sections are {{#name}}…{{/name}}`, for `{% … %}` and `{%- … -%}`.
                Each names the message first (`/messages/0/content: line 1, …`): a version created
                with `systemPrompt` and `userTemplate` has them as messages 0 and 1. Renders of
                the version answer the same warnings.
            diff (Union[Unset, VersionDiff]):
    """

    data: "Version"
    warnings: list[str]
    diff: Union[Unset, "VersionDiff"] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.version import Version
        from ..models.version_diff import VersionDiff

        data = self.data.to_dict()

        warnings = self.warnings

        diff: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.diff, Unset):
            diff = self.diff.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "warnings": warnings,
            }
        )
        if diff is not UNSET:
            field_dict["diff"] = diff

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.version import Version
        from ..models.version_diff import VersionDiff

        d = dict(src_dict)
        data = Version.from_dict(d.pop("data"))

        warnings = cast(list[str], d.pop("warnings"))

        _diff = d.pop("diff", UNSET)
        diff: Union[Unset, VersionDiff]
        if isinstance(_diff, Unset):
            diff = UNSET
        else:
            diff = VersionDiff.from_dict(_diff)

        created_version_response = cls(
            data=data,
            warnings=warnings,
            diff=diff,
        )

        created_version_response.additional_properties = d
        return created_version_response

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
