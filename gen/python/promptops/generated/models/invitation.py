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

if TYPE_CHECKING:
    from ..models.actor import Actor


T = TypeVar("T", bound="Invitation")


@_attrs_define
class Invitation:
    """A pending invitation, as listed; never its token.

    Attributes:
        id (UUID):
        email (str):
        role (InvitationRole): The role an invitation gives (any but owner).
        inviter (Actor): Who made a change: a person (`type` `user`, with `email` and `name`) or an API key
            (`type` `key`, with `prefix` and `label`), as they were at the time.
             Example: {'type': 'user', 'id': '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', 'email': 'ada@example.com', 'name':
            'Ada Lovelace'}.
        expires_at (datetime.datetime):
        created_at (datetime.datetime):
    """

    id: UUID
    email: str
    role: InvitationRole
    inviter: "Actor"
    expires_at: datetime.datetime
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.actor import Actor

        id = str(self.id)

        email = self.email

        role = self.role.value

        inviter = self.inviter.to_dict()

        expires_at = self.expires_at.isoformat()

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "email": email,
                "role": role,
                "inviter": inviter,
                "expiresAt": expires_at,
                "createdAt": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor import Actor

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        email = d.pop("email")

        role = InvitationRole(d.pop("role"))

        inviter = Actor.from_dict(d.pop("inviter"))

        expires_at = isoparse(d.pop("expiresAt"))

        created_at = isoparse(d.pop("createdAt"))

        invitation = cls(
            id=id,
            email=email,
            role=role,
            inviter=inviter,
            expires_at=expires_at,
            created_at=created_at,
        )

        invitation.additional_properties = d
        return invitation

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
