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
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PromoteRequest")


@_attrs_define
class PromoteRequest:
    """The environment, and the version to make live there: by `versionId` or by
    `versionNumber`, exactly one of the two (neither, or both, is a 400).

        Attributes:
            environment (str): An environment of the project, by name: `dev`, `staging` and `production` always
                exist, and a project may add others (`POST /api/v1/environments`). A name the project
                has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
                "x" in this project`), and changes nothing.
                 Example: production.
            version_id (Union[Unset, UUID]): The version's id.
            version_number (Union[Unset, int]): The version's number, instead of its id. Example: 3.
    """

    environment: str
    version_id: Union[Unset, UUID] = UNSET
    version_number: Union[Unset, int] = UNSET

    def to_dict(self) -> dict[str, Any]:
        environment = self.environment

        version_id: Union[Unset, str] = UNSET
        if not isinstance(self.version_id, Unset):
            version_id = str(self.version_id)

        version_number = self.version_number

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "environment": environment,
            }
        )
        if version_id is not UNSET:
            field_dict["versionId"] = version_id
        if version_number is not UNSET:
            field_dict["versionNumber"] = version_number

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        environment = d.pop("environment")

        _version_id = d.pop("versionId", UNSET)
        version_id: Union[Unset, UUID]
        if isinstance(_version_id, Unset):
            version_id = UNSET
        else:
            version_id = UUID(_version_id)

        version_number = d.pop("versionNumber", UNSET)

        promote_request = cls(
            environment=environment,
            version_id=version_id,
            version_number=version_number,
        )

        return promote_request
