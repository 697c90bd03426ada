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
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.applied_protection import AppliedProtection


T = TypeVar("T", bound="ProjectEnvironment")


@_attrs_define
class ProjectEnvironment:
    """
    Attributes:
        name (str): An environment of the project, by name: `dev`, `staging` and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        reference (bool): One of `dev`, `staging` and `production`, which every project has.
        protected (bool): Any of the protection's fields is set.
        protection (AppliedProtection): An environment's protection, every field shown (unset ones at 0, empty or null).
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    name: str
    reference: bool
    protected: bool
    protection: "AppliedProtection"
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.applied_protection import AppliedProtection

        name = self.name

        reference = self.reference

        protected = self.protected

        protection = self.protection.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "reference": reference,
                "protected": protected,
                "protection": protection,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.applied_protection import AppliedProtection

        d = dict(src_dict)
        name = d.pop("name")

        reference = d.pop("reference")

        protected = d.pop("protected")

        protection = AppliedProtection.from_dict(d.pop("protection"))

        created_at = isoparse(d.pop("createdAt"))

        updated_at = isoparse(d.pop("updatedAt"))

        project_environment = cls(
            name=name,
            reference=reference,
            protected=protected,
            protection=protection,
            created_at=created_at,
            updated_at=updated_at,
        )

        project_environment.additional_properties = d
        return project_environment

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
