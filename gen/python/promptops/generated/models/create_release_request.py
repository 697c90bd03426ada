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

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.release_change_request import ReleaseChangeRequest
    from ..models.release_strategy import ReleaseStrategy


T = TypeVar("T", bound="CreateReleaseRequest")


@_attrs_define
class CreateReleaseRequest:
    """
    Attributes:
        environment (str): An environment of the project, by name: `dev`, `staging` and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        changes (list['ReleaseChangeRequest']): 1 to 50 changes, each of another prompt.
        strategy (Union[Unset, ReleaseStrategy]):
        scheduled_at (Union[Unset, datetime.datetime]): When to apply the release, in the future and at most a year
            ahead.
        message (Union[Unset, str]):
    """

    environment: str
    changes: list["ReleaseChangeRequest"]
    strategy: Union[Unset, "ReleaseStrategy"] = UNSET
    scheduled_at: Union[Unset, datetime.datetime] = UNSET
    message: Union[Unset, str] = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.release_change_request import ReleaseChangeRequest
        from ..models.release_strategy import ReleaseStrategy

        environment = self.environment

        changes = []
        for changes_item_data in self.changes:
            changes_item = changes_item_data.to_dict()
            changes.append(changes_item)

        strategy: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.strategy, Unset):
            strategy = self.strategy.to_dict()

        scheduled_at: Union[Unset, str] = UNSET
        if not isinstance(self.scheduled_at, Unset):
            scheduled_at = self.scheduled_at.isoformat()

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "environment": environment,
                "changes": changes,
            }
        )
        if strategy is not UNSET:
            field_dict["strategy"] = strategy
        if scheduled_at is not UNSET:
            field_dict["scheduledAt"] = scheduled_at
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.release_change_request import ReleaseChangeRequest
        from ..models.release_strategy import ReleaseStrategy

        d = dict(src_dict)
        environment = d.pop("environment")

        changes = []
        _changes = d.pop("changes")
        for changes_item_data in _changes:
            changes_item = ReleaseChangeRequest.from_dict(changes_item_data)

            changes.append(changes_item)

        _strategy = d.pop("strategy", UNSET)
        strategy: Union[Unset, ReleaseStrategy]
        if isinstance(_strategy, Unset):
            strategy = UNSET
        else:
            strategy = ReleaseStrategy.from_dict(_strategy)

        _scheduled_at = d.pop("scheduledAt", UNSET)
        scheduled_at: Union[Unset, datetime.datetime]
        if isinstance(_scheduled_at, Unset):
            scheduled_at = UNSET
        else:
            scheduled_at = isoparse(_scheduled_at)

        message = d.pop("message", UNSET)

        create_release_request = cls(
            environment=environment,
            changes=changes,
            strategy=strategy,
            scheduled_at=scheduled_at,
            message=message,
        )

        return create_release_request
