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

from ..models.webhook_event_filter_item import WebhookEventFilterItem
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateWebhookRequest")


@_attrs_define
class UpdateWebhookRequest:
    """
    Attributes:
        url (Union[Unset, str]):
        events (Union[Unset, list[WebhookEventFilterItem]]): Event types to deliver, or `["*"]` for all.
        enabled (Union[Unset, bool]):
        description (Union[None, Unset, str]):
    """

    url: Union[Unset, str] = UNSET
    events: Union[Unset, list[WebhookEventFilterItem]] = UNSET
    enabled: Union[Unset, bool] = UNSET
    description: Union[None, Unset, str] = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        events: Union[Unset, list[str]] = UNSET
        if not isinstance(self.events, Unset):
            events = []
            for componentsschemas_webhook_event_filter_item_data in self.events:
                componentsschemas_webhook_event_filter_item = (
                    componentsschemas_webhook_event_filter_item_data.value
                )
                events.append(componentsschemas_webhook_event_filter_item)

        enabled = self.enabled

        description: Union[None, Unset, str]
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if url is not UNSET:
            field_dict["url"] = url
        if events is not UNSET:
            field_dict["events"] = events
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url", UNSET)

        events = []
        _events = d.pop("events", UNSET)
        for componentsschemas_webhook_event_filter_item_data in _events or []:
            componentsschemas_webhook_event_filter_item = WebhookEventFilterItem(
                componentsschemas_webhook_event_filter_item_data
            )

            events.append(componentsschemas_webhook_event_filter_item)

        enabled = d.pop("enabled", UNSET)

        def _parse_description(data: object) -> Union[None, Unset, str]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Union[None, Unset, str], data)

        description = _parse_description(d.pop("description", UNSET))

        update_webhook_request = cls(
            url=url,
            events=events,
            enabled=enabled,
            description=description,
        )

        return update_webhook_request
