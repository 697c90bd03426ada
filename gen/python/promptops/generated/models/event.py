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

from ..models.event_type import EventType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.actor import Actor
    from ..models.event_data import EventData


T = TypeVar("T", bound="Event")


@_attrs_define
class Event:
    """
    Attributes:
        id (UUID):
        type_ (EventType):
        created_at (datetime.datetime):
        key_id (Union[None, UUID]): The key that made the change (null for sign-up, for a person's change, or once the
            key is gone).
        key_prefix (Union[None, str]):
        actor (Actor): Who made a change: a person (`type` `user`, with `email` and `name`) or an API key
            (`type` `key`, with `prefix` and `label`), as they were at the time.
             Example: {'type': 'user', 'id': '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', 'email': 'ada@example.com', 'name':
            'Ada Lovelace'}.
        client_address (Union[None, str]): The IPv4 or IPv6 address of the client of the request that made the change:
            the TCP
            peer (`X-Forwarded-For` is not trusted), the whole address. Null for changes no
            request made (`promptops projects create`), for events recorded before addresses
            were, and on sockets of keys without `admin`.
             Example: 203.0.113.7.
        user_agent (Union[None, str]): The `User-Agent` of the request that made the change: at most 512 bytes (a longer
            one
            is cut at a character boundary), invalid UTF-8 replaced by U+FFFD. Null when no
            request made the change or it sent none, and on sockets of keys without `admin`.
             Example: promptops-cli.
        data (EventData): The resource as the API shows it (for deployments, the deployment with its prompt's id and
            slug).
    """

    id: UUID
    type_: EventType
    created_at: datetime.datetime
    key_id: Union[None, UUID]
    key_prefix: Union[None, str]
    actor: "Actor"
    client_address: Union[None, str]
    user_agent: Union[None, str]
    data: "EventData"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.actor import Actor
        from ..models.event_data import EventData

        id = str(self.id)

        type_ = self.type_.value

        created_at = self.created_at.isoformat()

        key_id: Union[None, str]
        if isinstance(self.key_id, UUID):
            key_id = str(self.key_id)
        else:
            key_id = self.key_id

        key_prefix: Union[None, str]
        key_prefix = self.key_prefix

        actor = self.actor.to_dict()

        client_address: Union[None, str]
        client_address = self.client_address

        user_agent: Union[None, str]
        user_agent = self.user_agent

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "createdAt": created_at,
                "keyId": key_id,
                "keyPrefix": key_prefix,
                "actor": actor,
                "clientAddress": client_address,
                "userAgent": user_agent,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor import Actor
        from ..models.event_data import EventData

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        type_ = EventType(d.pop("type"))

        created_at = isoparse(d.pop("createdAt"))

        def _parse_key_id(data: object) -> Union[None, UUID]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                key_id_type_0 = UUID(data)

                return key_id_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, UUID], data)

        key_id = _parse_key_id(d.pop("keyId"))

        def _parse_key_prefix(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        key_prefix = _parse_key_prefix(d.pop("keyPrefix"))

        actor = Actor.from_dict(d.pop("actor"))

        def _parse_client_address(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        client_address = _parse_client_address(d.pop("clientAddress"))

        def _parse_user_agent(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        user_agent = _parse_user_agent(d.pop("userAgent"))

        data = EventData.from_dict(d.pop("data"))

        event = cls(
            id=id,
            type_=type_,
            created_at=created_at,
            key_id=key_id,
            key_prefix=key_prefix,
            actor=actor,
            client_address=client_address,
            user_agent=user_agent,
            data=data,
        )

        event.additional_properties = d
        return event

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
