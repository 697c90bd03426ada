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

from ..models.deployment_history_entry_action import DeploymentHistoryEntryAction
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.actor import Actor


T = TypeVar("T", bound="DeploymentHistoryEntry")


@_attrs_define
class DeploymentHistoryEntry:
    """
    Attributes:
        id (int):
        environment (str): An environment of the project, by name: `dev`, `staging` and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        action (DeploymentHistoryEntryAction): `promote`, `rollback`, `rollout` (a release's new version started serving
            its
            share of subjects), or `undeploy`: the prompt removed from the environment
            (`versionId` is then the version removed).
        version_id (UUID): The version made live (removed, for `undeploy`).
        version_number (int):
        previous_version_id (Union[None, UUID]): The version live before, if any.
        release_id (Union[None, UUID]): The release that made the move, null when none did.
        key_id (Union[None, UUID]): The key that did it (null for a person, or once that key is gone).
        key_prefix (Union[None, str]):
        actor (Actor): Who made a change: a person (`type` `user`, with `email` and `name`) or an API key
            (`type` `key`, with `prefix` and `label`), as they were at the time.
             Example: {'type': 'user', 'id': '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', 'email': 'ada@example.com', 'name':
            'Ada Lovelace'}.
        client_address (Union[None, str]): The address of the client of the request that did it, as events record it
            (null for rows older than this field). Example: 203.0.113.7.
        user_agent (Union[None, str]): The `User-Agent` of that request, as events record it (null when it sent none).
        created_at (datetime.datetime):
    """

    id: int
    environment: str
    action: DeploymentHistoryEntryAction
    version_id: UUID
    version_number: int
    previous_version_id: Union[None, UUID]
    release_id: Union[None, UUID]
    key_id: Union[None, UUID]
    key_prefix: Union[None, str]
    actor: "Actor"
    client_address: Union[None, str]
    user_agent: Union[None, str]
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.actor import Actor

        id = self.id

        environment = self.environment

        action = self.action.value

        version_id = str(self.version_id)

        version_number = self.version_number

        previous_version_id: Union[None, str]
        if isinstance(self.previous_version_id, UUID):
            previous_version_id = str(self.previous_version_id)
        else:
            previous_version_id = self.previous_version_id

        release_id: Union[None, str]
        if isinstance(self.release_id, UUID):
            release_id = str(self.release_id)
        else:
            release_id = self.release_id

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

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "environment": environment,
                "action": action,
                "versionId": version_id,
                "versionNumber": version_number,
                "previousVersionId": previous_version_id,
                "releaseId": release_id,
                "keyId": key_id,
                "keyPrefix": key_prefix,
                "actor": actor,
                "clientAddress": client_address,
                "userAgent": user_agent,
                "createdAt": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor import Actor

        d = dict(src_dict)
        id = d.pop("id")

        environment = d.pop("environment")

        action = DeploymentHistoryEntryAction(d.pop("action"))

        version_id = UUID(d.pop("versionId"))

        version_number = d.pop("versionNumber")

        def _parse_previous_version_id(data: object) -> Union[None, UUID]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_version_id_type_0 = UUID(data)

                return previous_version_id_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, UUID], data)

        previous_version_id = _parse_previous_version_id(d.pop("previousVersionId"))

        def _parse_release_id(data: object) -> Union[None, UUID]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                release_id_type_0 = UUID(data)

                return release_id_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, UUID], data)

        release_id = _parse_release_id(d.pop("releaseId"))

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

        created_at = isoparse(d.pop("createdAt"))

        deployment_history_entry = cls(
            id=id,
            environment=environment,
            action=action,
            version_id=version_id,
            version_number=version_number,
            previous_version_id=previous_version_id,
            release_id=release_id,
            key_id=key_id,
            key_prefix=key_prefix,
            actor=actor,
            client_address=client_address,
            user_agent=user_agent,
            created_at=created_at,
        )

        deployment_history_entry.additional_properties = d
        return deployment_history_entry

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
