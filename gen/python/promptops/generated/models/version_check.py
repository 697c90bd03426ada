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

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.check_status import CheckStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.actor import Actor


T = TypeVar("T", bound="VersionCheck")


@_attrs_define
class VersionCheck:
    """
    Attributes:
        name (str): A check's name (letters, digits and `._:/-`, starting with a letter or a digit). Example: eval.
        status (CheckStatus):
        score (Union[None, float]):
        details_url (Union[None, str]):
        actor (Actor): Who made a change: a person (`type` `user`, with `email` and `name`) or an API key
            (`type` `key`, with `prefix` and `label`), as they were at the time.
             Example: {'type': 'user', 'id': '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', 'email': 'ada@example.com', 'name':
            'Ada Lovelace'}.
        created_at (datetime.datetime): When the check was first reported.
        updated_at (datetime.datetime): When it was last reported.
    """

    name: str
    status: CheckStatus
    score: Union[None, float]
    details_url: Union[None, str]
    actor: "Actor"
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.actor import Actor

        name = self.name

        status = self.status.value

        score: Union[None, float]
        score = self.score

        details_url: Union[None, str]
        details_url = self.details_url

        actor = self.actor.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "status": status,
                "score": score,
                "detailsUrl": details_url,
                "actor": actor,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor import Actor

        d = dict(src_dict)
        name = d.pop("name")

        status = CheckStatus(d.pop("status"))

        def _parse_score(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        score = _parse_score(d.pop("score"))

        def _parse_details_url(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        details_url = _parse_details_url(d.pop("detailsUrl"))

        actor = Actor.from_dict(d.pop("actor"))

        created_at = isoparse(d.pop("createdAt"))

        updated_at = isoparse(d.pop("updatedAt"))

        version_check = cls(
            name=name,
            status=status,
            score=score,
            details_url=details_url,
            actor=actor,
            created_at=created_at,
            updated_at=updated_at,
        )

        version_check.additional_properties = d
        return version_check

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
