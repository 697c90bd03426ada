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
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateProjectRequest")


@_attrs_define
class CreateProjectRequest:
    """
    Attributes:
        name (str):
        slug (Union[Unset, str]): Optional: made from the name when left out (lower case, each run of other characters a
            `-`, then `-2`, `-3`… while taken); an explicit slug already taken is a 409. The project's name for people,
            unique on the server: the `PromptOps-Project`
            header takes it as well as the id. Lowercase letters, digits, `.`, `_` and `-`,
            1–100 characters, starting and ending with a letter or digit; a slug shaped like a
            UUID is refused (400), since the header reads such a value as an id.
        description (Union[Unset, str]):
    """

    name: str
    slug: Union[Unset, str] = UNSET
    description: Union[Unset, str] = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        slug = self.slug

        description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if slug is not UNSET:
            field_dict["slug"] = slug
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        slug = d.pop("slug", UNSET)

        description = d.pop("description", UNSET)

        create_project_request = cls(
            name=name,
            slug=slug,
            description=description,
        )

        return create_project_request
