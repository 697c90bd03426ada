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

T = TypeVar("T", bound="VersionCalls")


@_attrs_define
class VersionCalls:
    """
    Attributes:
        key_id (UUID):
        key_prefix (str):
        key_label (Union[None, str]):
        prompt_id (UUID):
        slug (str):
        version_number (int):
        environment (str): An environment of the project, by name: `dev`, `staging` and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        calls (int):
        last_called_at (datetime.datetime): The start of the last hour with a call.
    """

    key_id: UUID
    key_prefix: str
    key_label: Union[None, str]
    prompt_id: UUID
    slug: str
    version_number: int
    environment: str
    calls: int
    last_called_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key_id = str(self.key_id)

        key_prefix = self.key_prefix

        key_label: Union[None, str]
        key_label = self.key_label

        prompt_id = str(self.prompt_id)

        slug = self.slug

        version_number = self.version_number

        environment = self.environment

        calls = self.calls

        last_called_at = self.last_called_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "keyId": key_id,
                "keyPrefix": key_prefix,
                "keyLabel": key_label,
                "promptId": prompt_id,
                "slug": slug,
                "versionNumber": version_number,
                "environment": environment,
                "calls": calls,
                "lastCalledAt": last_called_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key_id = UUID(d.pop("keyId"))

        key_prefix = d.pop("keyPrefix")

        def _parse_key_label(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        key_label = _parse_key_label(d.pop("keyLabel"))

        prompt_id = UUID(d.pop("promptId"))

        slug = d.pop("slug")

        version_number = d.pop("versionNumber")

        environment = d.pop("environment")

        calls = d.pop("calls")

        last_called_at = isoparse(d.pop("lastCalledAt"))

        version_calls = cls(
            key_id=key_id,
            key_prefix=key_prefix,
            key_label=key_label,
            prompt_id=prompt_id,
            slug=slug,
            version_number=version_number,
            environment=environment,
            calls=calls,
            last_called_at=last_called_at,
        )

        version_calls.additional_properties = d
        return version_calls

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
