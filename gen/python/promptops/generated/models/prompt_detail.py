import datetime
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
from dateutil.parser import isoparse

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deployment import Deployment
    from ..models.version import Version


T = TypeVar("T", bound="PromptDetail")


@_attrs_define
class PromptDetail:
    """A prompt with its newest versions (newest first) and its deployments.

    Attributes:
        id (UUID):
        slug (str): Unique in the project; never changes. Example: welcome-email.
        name (str):
        description (Union[None, str]):
        version_count (int): How many versions the prompt has (the newest one's number).
        tags (list[str]): Short labels for finding prompts (`?tag=` on the list); unique, at most 20.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        versions (list['Version']): The newest 20 versions, newest first. When `versionCount` is larger than their
            number, the rest are pages of `GET /api/v1/prompts/{id}/versions`.
        deployments (list['Deployment']):
    """

    id: UUID
    slug: str
    name: str
    description: Union[None, str]
    version_count: int
    tags: list[str]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    versions: list["Version"]
    deployments: list["Deployment"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.deployment import Deployment
        from ..models.version import Version

        id = str(self.id)

        slug = self.slug

        name = self.name

        description: Union[None, str]
        description = self.description

        version_count = self.version_count

        tags = self.tags

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)

        deployments = []
        for deployments_item_data in self.deployments:
            deployments_item = deployments_item_data.to_dict()
            deployments.append(deployments_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "slug": slug,
                "name": name,
                "description": description,
                "versionCount": version_count,
                "tags": tags,
                "createdAt": created_at,
                "updatedAt": updated_at,
                "versions": versions,
                "deployments": deployments,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deployment import Deployment
        from ..models.version import Version

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        slug = d.pop("slug")

        name = d.pop("name")

        def _parse_description(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        description = _parse_description(d.pop("description"))

        version_count = d.pop("versionCount")

        tags = cast(list[str], d.pop("tags"))

        created_at = isoparse(d.pop("createdAt"))

        updated_at = isoparse(d.pop("updatedAt"))

        versions = []
        _versions = d.pop("versions")
        for versions_item_data in _versions:
            versions_item = Version.from_dict(versions_item_data)

            versions.append(versions_item)

        deployments = []
        _deployments = d.pop("deployments")
        for deployments_item_data in _deployments:
            deployments_item = Deployment.from_dict(deployments_item_data)

            deployments.append(deployments_item)

        prompt_detail = cls(
            id=id,
            slug=slug,
            name=name,
            description=description,
            version_count=version_count,
            tags=tags,
            created_at=created_at,
            updated_at=updated_at,
            versions=versions,
            deployments=deployments,
        )

        prompt_detail.additional_properties = d
        return prompt_detail

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
