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
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.invitation_role import InvitationRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreatedInvitation")


@_attrs_define
class CreatedInvitation:
    """A new invitation; `token` is shown only this once.

    Attributes:
        id (UUID):
        email (str):
        role (InvitationRole): The role an invitation gives (any but owner).
        expires_at (datetime.datetime):
        created_at (datetime.datetime):
        token (str):
    """

    id: UUID
    email: str
    role: InvitationRole
    expires_at: datetime.datetime
    created_at: datetime.datetime
    token: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        email = self.email

        role = self.role.value

        expires_at = self.expires_at.isoformat()

        created_at = self.created_at.isoformat()

        token = self.token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "email": email,
                "role": role,
                "expiresAt": expires_at,
                "createdAt": created_at,
                "token": token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        email = d.pop("email")

        role = InvitationRole(d.pop("role"))

        expires_at = isoparse(d.pop("expiresAt"))

        created_at = isoparse(d.pop("createdAt"))

        token = d.pop("token")

        created_invitation = cls(
            id=id,
            email=email,
            role=role,
            expires_at=expires_at,
            created_at=created_at,
            token=token,
        )

        created_invitation.additional_properties = d
        return created_invitation

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
