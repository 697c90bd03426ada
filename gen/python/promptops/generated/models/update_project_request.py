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

T = TypeVar("T", bound="UpdateProjectRequest")


@_attrs_define
class UpdateProjectRequest:
    """
    Attributes:
        name (Union[Unset, str]):
        slug (Union[Unset, str]): A new slug (the old one stops naming the project at once); one already taken is a 409.
            The project's name for people, unique on the server: the `PromptOps-Project`
            header takes it as well as the id. Lowercase letters, digits, `.`, `_` and `-`,
            1–100 characters, starting and ending with a letter or digit; a slug shaped like a
            UUID is refused (400), since the header reads such a value as an id.
        description (Union[None, Unset, str]):
    """

    name: Union[Unset, str] = UNSET
    slug: Union[Unset, str] = UNSET
    description: Union[None, Unset, str] = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        slug = self.slug

        description: Union[None, Unset, str]
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if slug is not UNSET:
            field_dict["slug"] = slug
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        slug = d.pop("slug", UNSET)

        def _parse_description(data: object) -> Union[None, Unset, str]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Union[None, Unset, str], data)

        description = _parse_description(d.pop("description", UNSET))

        update_project_request = cls(
            name=name,
            slug=slug,
            description=description,
        )

        return update_project_request
