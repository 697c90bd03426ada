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

from ..models.actor_type import ActorType
from ..types import UNSET, Unset

T = TypeVar("T", bound="Actor")


@_attrs_define
class Actor:
    """Who made a change: a person (`type` `user`, with `email` and `name`) or an API key
    (`type` `key`, with `prefix` and `label`), as they were at the time.

        Example:
            {'type': 'user', 'id': '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', 'email': 'ada@example.com', 'name': 'Ada
                Lovelace'}

        Attributes:
            type_ (ActorType):
            id (UUID): The user's id, or the key's.
            email (Union[Unset, str]):
            name (Union[Unset, str]):
            prefix (Union[Unset, str]): The key's first 12 characters.
            label (Union[None, Unset, str]): The key's label.
    """

    type_: ActorType
    id: UUID
    email: Union[Unset, str] = UNSET
    name: Union[Unset, str] = UNSET
    prefix: Union[Unset, str] = UNSET
    label: Union[None, Unset, str] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        id = str(self.id)

        email = self.email

        name = self.name

        prefix = self.prefix

        label: Union[None, Unset, str]
        if isinstance(self.label, Unset):
            label = UNSET
        else:
            label = self.label

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "id": id,
            }
        )
        if email is not UNSET:
            field_dict["email"] = email
        if name is not UNSET:
            field_dict["name"] = name
        if prefix is not UNSET:
            field_dict["prefix"] = prefix
        if label is not UNSET:
            field_dict["label"] = label

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = ActorType(d.pop("type"))

        id = UUID(d.pop("id"))

        email = d.pop("email", UNSET)

        name = d.pop("name", UNSET)

        prefix = d.pop("prefix", UNSET)

        def _parse_label(data: object) -> Union[None, Unset, str]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Union[None, Unset, str], data)

        label = _parse_label(d.pop("label", UNSET))

        actor = cls(
            type_=type_,
            id=id,
            email=email,
            name=name,
            prefix=prefix,
            label=label,
        )

        actor.additional_properties = d
        return actor

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
