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

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeyRequests")


@_attrs_define
class KeyRequests:
    """
    Attributes:
        key_id (UUID):
        key_prefix (str):
        key_label (Union[None, str]):
        environment (str): An environment of the project, by name: `dev`, `staging` and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        requests (int):
    """

    key_id: UUID
    key_prefix: str
    key_label: Union[None, str]
    environment: str
    requests: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key_id = str(self.key_id)

        key_prefix = self.key_prefix

        key_label: Union[None, str]
        key_label = self.key_label

        environment = self.environment

        requests = self.requests

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "keyId": key_id,
                "keyPrefix": key_prefix,
                "keyLabel": key_label,
                "environment": environment,
                "requests": requests,
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

        environment = d.pop("environment")

        requests = d.pop("requests")

        key_requests = cls(
            key_id=key_id,
            key_prefix=key_prefix,
            key_label=key_label,
            environment=environment,
            requests=requests,
        )

        key_requests.additional_properties = d
        return key_requests

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
