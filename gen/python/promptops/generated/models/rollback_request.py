from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, Optional, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.environment import Environment
from ..types import UNSET, Unset

T = TypeVar("T", bound="RollbackRequest")


@_attrs_define
class RollbackRequest:
    """
    Attributes:
        environment (Environment):
    """

    environment: Environment

    def to_dict(self) -> dict[str, Any]:
        environment = self.environment.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "environment": environment,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        environment = Environment(d.pop("environment"))

        rollback_request = cls(
            environment=environment,
        )

        return rollback_request
