from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, Optional, TextIO, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Includer")


@_attrs_define
class Includer:
    """A prompt whose version live in an environment includes the prompt asked about.

    Attributes:
        environment (str): An environment of the project, by name: `dev`, `staging` and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        prompt_id (UUID):
        slug (str):
        version_number (int): The including prompt's version live in the environment.
    """

    environment: str
    prompt_id: UUID
    slug: str
    version_number: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        environment = self.environment

        prompt_id = str(self.prompt_id)

        slug = self.slug

        version_number = self.version_number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "environment": environment,
                "promptId": prompt_id,
                "slug": slug,
                "versionNumber": version_number,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        environment = d.pop("environment")

        prompt_id = UUID(d.pop("promptId"))

        slug = d.pop("slug")

        version_number = d.pop("versionNumber")

        includer = cls(
            environment=environment,
            prompt_id=prompt_id,
            slug=slug,
            version_number=version_number,
        )

        includer.additional_properties = d
        return includer

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
