from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    BinaryIO,
    Generator,
    Optional,
    TextIO,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.environment_protection import EnvironmentProtection


T = TypeVar("T", bound="UpdateEnvironmentRequest")


@_attrs_define
class UpdateEnvironmentRequest:
    """
    Attributes:
        protection (EnvironmentProtection): What a release (or a promote) into the environment must satisfy. Every field
            left out
            is unset.
    """

    protection: "EnvironmentProtection"

    def to_dict(self) -> dict[str, Any]:
        from ..models.environment_protection import EnvironmentProtection

        protection = self.protection.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "protection": protection,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.environment_protection import EnvironmentProtection

        d = dict(src_dict)
        protection = EnvironmentProtection.from_dict(d.pop("protection"))

        update_environment_request = cls(
            protection=protection,
        )

        return update_environment_request
