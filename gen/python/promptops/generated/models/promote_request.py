from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, Optional, TextIO, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.environment import Environment
from ..types import UNSET, Unset

T = TypeVar("T", bound="PromoteRequest")


@_attrs_define
class PromoteRequest:
    """
    Attributes:
        environment (Environment):
        version_id (UUID):
    """

    environment: Environment
    version_id: UUID

    def to_dict(self) -> dict[str, Any]:
        environment = self.environment.value

        version_id = str(self.version_id)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "environment": environment,
                "versionId": version_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        environment = Environment(d.pop("environment"))

        version_id = UUID(d.pop("versionId"))

        promote_request = cls(
            environment=environment,
            version_id=version_id,
        )

        return promote_request
