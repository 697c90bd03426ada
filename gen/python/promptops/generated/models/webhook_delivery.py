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

from ..models.webhook_delivery_status import WebhookDeliveryStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_delivery_attempt import WebhookDeliveryAttempt


T = TypeVar("T", bound="WebhookDelivery")


@_attrs_define
class WebhookDelivery:
    """
    Attributes:
        id (UUID):
        webhook_id (UUID):
        event_id (Union[None, UUID]):
        message_id (UUID): The `webhook-id` header; the same for redeliveries of a message.
        event_type (str):
        status (WebhookDeliveryStatus): `pending` until the receiver answers 2xx (`succeeded`) or it is given up
            (`failed`): after its last attempt, when its webhook is turned off, or when its
            delivery job ended without recording an outcome (`lastError` says which).
        attempts (int):
        next_retry_at (Union[None, datetime.datetime]):
        last_status_code (Union[None, int]):
        last_error (Union[None, str]): Why its last attempt failed, or why it was given up without one:
            `webhook disabled`, or `delivery job discarded without recording an outcome: …`
            (also `cancelled`, `completed` or `gone`, with the job's last error if it has one).
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        attempt_log (list['WebhookDeliveryAttempt']):
    """

    id: UUID
    webhook_id: UUID
    event_id: Union[None, UUID]
    message_id: UUID
    event_type: str
    status: WebhookDeliveryStatus
    attempts: int
    next_retry_at: Union[None, datetime.datetime]
    last_status_code: Union[None, int]
    last_error: Union[None, str]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    attempt_log: list["WebhookDeliveryAttempt"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.webhook_delivery_attempt import WebhookDeliveryAttempt

        id = str(self.id)

        webhook_id = str(self.webhook_id)

        event_id: Union[None, str]
        if isinstance(self.event_id, UUID):
            event_id = str(self.event_id)
        else:
            event_id = self.event_id

        message_id = str(self.message_id)

        event_type = self.event_type

        status = self.status.value

        attempts = self.attempts

        next_retry_at: Union[None, str]
        if isinstance(self.next_retry_at, datetime.datetime):
            next_retry_at = self.next_retry_at.isoformat()
        else:
            next_retry_at = self.next_retry_at

        last_status_code: Union[None, int]
        last_status_code = self.last_status_code

        last_error: Union[None, str]
        last_error = self.last_error

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        attempt_log = []
        for attempt_log_item_data in self.attempt_log:
            attempt_log_item = attempt_log_item_data.to_dict()
            attempt_log.append(attempt_log_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "webhookId": webhook_id,
                "eventId": event_id,
                "messageId": message_id,
                "eventType": event_type,
                "status": status,
                "attempts": attempts,
                "nextRetryAt": next_retry_at,
                "lastStatusCode": last_status_code,
                "lastError": last_error,
                "createdAt": created_at,
                "updatedAt": updated_at,
                "attemptLog": attempt_log,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_delivery_attempt import WebhookDeliveryAttempt

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        webhook_id = UUID(d.pop("webhookId"))

        def _parse_event_id(data: object) -> Union[None, UUID]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                event_id_type_0 = UUID(data)

                return event_id_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, UUID], data)

        event_id = _parse_event_id(d.pop("eventId"))

        message_id = UUID(d.pop("messageId"))

        event_type = d.pop("eventType")

        status = WebhookDeliveryStatus(d.pop("status"))

        attempts = d.pop("attempts")

        def _parse_next_retry_at(data: object) -> Union[None, datetime.datetime]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_retry_at_type_0 = isoparse(data)

                return next_retry_at_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, datetime.datetime], data)

        next_retry_at = _parse_next_retry_at(d.pop("nextRetryAt"))

        def _parse_last_status_code(data: object) -> Union[None, int]:
            if data is None:
                return data
            return cast(Union[None, int], data)

        last_status_code = _parse_last_status_code(d.pop("lastStatusCode"))

        def _parse_last_error(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        last_error = _parse_last_error(d.pop("lastError"))

        created_at = isoparse(d.pop("createdAt"))

        updated_at = isoparse(d.pop("updatedAt"))

        attempt_log = []
        _attempt_log = d.pop("attemptLog")
        for attempt_log_item_data in _attempt_log:
            attempt_log_item = WebhookDeliveryAttempt.from_dict(attempt_log_item_data)

            attempt_log.append(attempt_log_item)

        webhook_delivery = cls(
            id=id,
            webhook_id=webhook_id,
            event_id=event_id,
            message_id=message_id,
            event_type=event_type,
            status=status,
            attempts=attempts,
            next_retry_at=next_retry_at,
            last_status_code=last_status_code,
            last_error=last_error,
            created_at=created_at,
            updated_at=updated_at,
            attempt_log=attempt_log,
        )

        webhook_delivery.additional_properties = d
        return webhook_delivery

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
