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
    """

    slug: str
    name: str
    description: Union[Unset, str] = UNSET
    tags: Union[Unset, list[str]] = UNSET

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        name = self.name

        description = self.description

        tags: Union[Unset, list[str]] = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

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

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        slug = d.pop("slug")

        name = d.pop("name")

        description = d.pop("description", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        create_prompt_request = cls(
            slug=slug,
            name=name,
            description=description,
            tags=tags,
        )

        return create_prompt_request
