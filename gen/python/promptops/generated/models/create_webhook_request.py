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

T = TypeVar("T", bound="CreateWebhookRequest")


@_attrs_define
class CreateWebhookRequest:
    """
    Attributes:
        url (str): An http(s) URL.
        events (list[WebhookEventFilterItem]): Event types to deliver, or `["*"]` for all.
        description (Union[Unset, str]):
    """

    url: str
    events: list[WebhookEventFilterItem]
    description: Union[Unset, str] = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        events = []
        for componentsschemas_webhook_event_filter_item_data in self.events:
            componentsschemas_webhook_event_filter_item = (
                componentsschemas_webhook_event_filter_item_data.value
            )
            events.append(componentsschemas_webhook_event_filter_item)

        description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
                "events": events,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        events = []
        _events = d.pop("events")
        for componentsschemas_webhook_event_filter_item_data in _events:
            componentsschemas_webhook_event_filter_item = WebhookEventFilterItem(
                componentsschemas_webhook_event_filter_item_data
            )

            events.append(componentsschemas_webhook_event_filter_item)

        description = d.pop("description", UNSET)

        create_webhook_request = cls(
            url=url,
            events=events,
            description=description,
        )

        return create_webhook_request
