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
    from ..models.create_version_request import CreateVersionRequest


T = TypeVar("T", bound="CreatePromptRequest")


@_attrs_define
class CreatePromptRequest:
    """
    Attributes:
        slug (str): Lowercase letters, digits, `.`, `_` and `-`, 1–100 characters, starting and ending
            with a letter or digit. A slug shaped like a UUID is refused (400), since
            `/prompts/{id}` takes either.
        name (str):
        description (Union[Unset, str]):
        tags (Union[Unset, list[str]]): Short labels for finding prompts (`?tag=` on the list); unique, at most 20.
        version (Union[Unset, CreateVersionRequest]): Either `systemPrompt` and `userTemplate` (the reference's shape)
            or `messages`, not both.
            Every template is parsed (a `{{` that is never closed, an unclosed or mismatched
            section, or a partial naming a prompt or version that does not exist is a 400 with
            its position), every JSON Schema is compiled (a 400 whose field is the JSON pointer of
            the problem), tool names are unique and a named tool choice names one of them, and a
            partial may not include, directly or through others, the prompt itself (409).
            Template text (`systemPrompt`, `userTemplate` and each message's `content`) is stored
            with LF line endings: a CRLF or a lone CR becomes LF before anything else, so the
            version's `contentHash` is that of the LF text.
    """

    slug: str
    name: str
    description: Union[Unset, str] = UNSET
    tags: Union[Unset, list[str]] = UNSET
    version: Union[Unset, "CreateVersionRequest"] = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_version_request import CreateVersionRequest

        slug = self.slug

        name = self.name

        description = self.description

        tags: Union[Unset, list[str]] = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        version: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.version, Unset):
            version = self.version.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "slug": slug,
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if tags is not UNSET:
            field_dict["tags"] = tags
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_version_request import CreateVersionRequest

        d = dict(src_dict)
        slug = d.pop("slug")

        name = d.pop("name")

        description = d.pop("description", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        _version = d.pop("version", UNSET)
        version: Union[Unset, CreateVersionRequest]
        if isinstance(_version, Unset):
            version = UNSET
        else:
            version = CreateVersionRequest.from_dict(_version)

        create_prompt_request = cls(
            slug=slug,
            name=name,
            description=description,
            tags=tags,
            version=version,
        )

        return create_prompt_request
