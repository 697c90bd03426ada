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

from ..models.release_status import ReleaseStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.actor import Actor
    from ..models.release_change import ReleaseChange
    from ..models.release_review import ReleaseReview
    from ..models.release_strategy import ReleaseStrategy


T = TypeVar("T", bound="Release")


@_attrs_define
class Release:
    r"""
    Attributes:
        id (UUID):
        environment (str): An environment of the project, by name: `dev`, `staging` and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        status (ReleaseStatus): Where a release is: `pending_approval` (waiting for approvals or checks),
            `scheduled` (for its `scheduledAt`), `rolling_out` (a split, or a gradual step),
            `completed`, `rolled_back`, `rejected`, `cancelled`.
        strategy (ReleaseStrategy):
        percent (float): The share of subjects on the new versions now (100 once completed).
        step (int): The index of the gradual step under way (0 otherwise).
        changes (list['ReleaseChange']):
        scheduled_at (Union[None, datetime.datetime]):
        message (Union[None, str]):
        author (Actor): Who made a change: a person (`type` `user`, with `email` and `name`) or an API key
            (`type` `key`, with `prefix` and `label`), as they were at the time.
             Example: {'type': 'user', 'id': '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', 'email': 'ada@example.com', 'name':
            'Ada Lovelace'}.
        reviews (list['ReleaseReview']):
        waiting_for (list[str]): What holds the release, in words: for one pending approval, its approvals and checks
            ("1 more approval", "check \"eval\" to pass on summarize v3"); for one rolling out
            whose completion the project's state refused when its last step ended, why ("the
            project's state to let it complete: …", the 409 a complete would answer). Empty
            otherwise.
        rollback_reason (Union[None, str]): Why the release was rolled back, or why PromptOps cancelled it (a scheduled
            release its time could not apply); null otherwise.
        created_at (datetime.datetime):
        started_at (Union[None, datetime.datetime]):
        finished_at (Union[None, datetime.datetime]):
        updated_at (datetime.datetime):
    """

    id: UUID
    environment: str
    status: ReleaseStatus
    strategy: "ReleaseStrategy"
    percent: float
    step: int
    changes: list["ReleaseChange"]
    scheduled_at: Union[None, datetime.datetime]
    message: Union[None, str]
    author: "Actor"
    reviews: list["ReleaseReview"]
    waiting_for: list[str]
    rollback_reason: Union[None, str]
    created_at: datetime.datetime
    started_at: Union[None, datetime.datetime]
    finished_at: Union[None, datetime.datetime]
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.actor import Actor
        from ..models.release_change import ReleaseChange
        from ..models.release_review import ReleaseReview
        from ..models.release_strategy import ReleaseStrategy

        id = str(self.id)

        environment = self.environment

        status = self.status.value

        strategy = self.strategy.to_dict()

        percent = self.percent

        step = self.step

        changes = []
        for changes_item_data in self.changes:
            changes_item = changes_item_data.to_dict()
            changes.append(changes_item)

        scheduled_at: Union[None, str]
        if isinstance(self.scheduled_at, datetime.datetime):
            scheduled_at = self.scheduled_at.isoformat()
        else:
            scheduled_at = self.scheduled_at

        message: Union[None, str]
        message = self.message

        author = self.author.to_dict()

        reviews = []
        for reviews_item_data in self.reviews:
            reviews_item = reviews_item_data.to_dict()
            reviews.append(reviews_item)

        waiting_for = self.waiting_for

        rollback_reason: Union[None, str]
        rollback_reason = self.rollback_reason

        created_at = self.created_at.isoformat()

        started_at: Union[None, str]
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: Union[None, str]
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "environment": environment,
                "status": status,
                "strategy": strategy,
                "percent": percent,
                "step": step,
                "changes": changes,
                "scheduledAt": scheduled_at,
                "message": message,
                "author": author,
                "reviews": reviews,
                "waitingFor": waiting_for,
                "rollbackReason": rollback_reason,
                "createdAt": created_at,
                "startedAt": started_at,
                "finishedAt": finished_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor import Actor
        from ..models.release_change import ReleaseChange
        from ..models.release_review import ReleaseReview
        from ..models.release_strategy import ReleaseStrategy

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        environment = d.pop("environment")

        status = ReleaseStatus(d.pop("status"))

        strategy = ReleaseStrategy.from_dict(d.pop("strategy"))

        percent = d.pop("percent")

        step = d.pop("step")

        changes = []
        _changes = d.pop("changes")
        for changes_item_data in _changes:
            changes_item = ReleaseChange.from_dict(changes_item_data)

            changes.append(changes_item)

        def _parse_scheduled_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                scheduled_at_type_0 = isoparse(data)

                return scheduled_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        scheduled_at = _parse_scheduled_at(d.pop("scheduledAt"))

        def _parse_message(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        message = _parse_message(d.pop("message"))

        author = Actor.from_dict(d.pop("author"))

        reviews = []
        _reviews = d.pop("reviews")
        for reviews_item_data in _reviews:
            reviews_item = ReleaseReview.from_dict(reviews_item_data)

            reviews.append(reviews_item)

        waiting_for = cast(list[str], d.pop("waitingFor"))

        def _parse_rollback_reason(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        rollback_reason = _parse_rollback_reason(d.pop("rollbackReason"))

        created_at = isoparse(d.pop("createdAt"))

        def _parse_started_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = isoparse(data)

                return started_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        started_at = _parse_started_at(d.pop("startedAt"))

        def _parse_finished_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = isoparse(data)

                return finished_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        finished_at = _parse_finished_at(d.pop("finishedAt"))

        updated_at = isoparse(d.pop("updatedAt"))

        release = cls(
            id=id,
            environment=environment,
            status=status,
            strategy=strategy,
            percent=percent,
            step=step,
            changes=changes,
            scheduled_at=scheduled_at,
            message=message,
            author=author,
            reviews=reviews,
            waiting_for=waiting_for,
            rollback_reason=rollback_reason,
            created_at=created_at,
            started_at=started_at,
            finished_at=finished_at,
            updated_at=updated_at,
        )

        release.additional_properties = d
        return release

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
