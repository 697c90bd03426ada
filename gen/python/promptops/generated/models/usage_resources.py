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

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.resource_usage import ResourceUsage


T = TypeVar("T", bound="UsageResources")


@_attrs_define
class UsageResources:
    """
    Attributes:
        prompts (ResourceUsage): How much of a quota is used. `versions` are limited per prompt: their `used` is the
            most versions one prompt holds and `total` counts every version of the project.
            `apiKeys` counts active keys (neither revoked nor expired), `environments` the
            project's environments (the three it starts with included), `connections` its
            provider connections and `invitations` its pending invitations (neither accepted nor
            expired). `analyticsBytes` and
            `idempotencyBytes` are bytes, as the quotas count them (see "Quotas").
        versions (ResourceUsage): How much of a quota is used. `versions` are limited per prompt: their `used` is the
            most versions one prompt holds and `total` counts every version of the project.
            `apiKeys` counts active keys (neither revoked nor expired), `environments` the
            project's environments (the three it starts with included), `connections` its
            provider connections and `invitations` its pending invitations (neither accepted nor
            expired). `analyticsBytes` and
            `idempotencyBytes` are bytes, as the quotas count them (see "Quotas").
        api_keys (ResourceUsage): How much of a quota is used. `versions` are limited per prompt: their `used` is the
            most versions one prompt holds and `total` counts every version of the project.
            `apiKeys` counts active keys (neither revoked nor expired), `environments` the
            project's environments (the three it starts with included), `connections` its
            provider connections and `invitations` its pending invitations (neither accepted nor
            expired). `analyticsBytes` and
            `idempotencyBytes` are bytes, as the quotas count them (see "Quotas").
        webhooks (ResourceUsage): How much of a quota is used. `versions` are limited per prompt: their `used` is the
            most versions one prompt holds and `total` counts every version of the project.
            `apiKeys` counts active keys (neither revoked nor expired), `environments` the
            project's environments (the three it starts with included), `connections` its
            provider connections and `invitations` its pending invitations (neither accepted nor
            expired). `analyticsBytes` and
            `idempotencyBytes` are bytes, as the quotas count them (see "Quotas").
        environments (ResourceUsage): How much of a quota is used. `versions` are limited per prompt: their `used` is
            the
            most versions one prompt holds and `total` counts every version of the project.
            `apiKeys` counts active keys (neither revoked nor expired), `environments` the
            project's environments (the three it starts with included), `connections` its
            provider connections and `invitations` its pending invitations (neither accepted nor
            expired). `analyticsBytes` and
            `idempotencyBytes` are bytes, as the quotas count them (see "Quotas").
        connections (ResourceUsage): How much of a quota is used. `versions` are limited per prompt: their `used` is the
            most versions one prompt holds and `total` counts every version of the project.
            `apiKeys` counts active keys (neither revoked nor expired), `environments` the
            project's environments (the three it starts with included), `connections` its
            provider connections and `invitations` its pending invitations (neither accepted nor
            expired). `analyticsBytes` and
            `idempotencyBytes` are bytes, as the quotas count them (see "Quotas").
        invitations (ResourceUsage): How much of a quota is used. `versions` are limited per prompt: their `used` is the
            most versions one prompt holds and `total` counts every version of the project.
            `apiKeys` counts active keys (neither revoked nor expired), `environments` the
            project's environments (the three it starts with included), `connections` its
            provider connections and `invitations` its pending invitations (neither accepted nor
            expired). `analyticsBytes` and
            `idempotencyBytes` are bytes, as the quotas count them (see "Quotas").
        analytics_bytes (ResourceUsage): How much of a quota is used. `versions` are limited per prompt: their `used` is
            the
            most versions one prompt holds and `total` counts every version of the project.
            `apiKeys` counts active keys (neither revoked nor expired), `environments` the
            project's environments (the three it starts with included), `connections` its
            provider connections and `invitations` its pending invitations (neither accepted nor
            expired). `analyticsBytes` and
            `idempotencyBytes` are bytes, as the quotas count them (see "Quotas").
        idempotency_bytes (ResourceUsage): How much of a quota is used. `versions` are limited per prompt: their `used`
            is the
            most versions one prompt holds and `total` counts every version of the project.
            `apiKeys` counts active keys (neither revoked nor expired), `environments` the
            project's environments (the three it starts with included), `connections` its
            provider connections and `invitations` its pending invitations (neither accepted nor
            expired). `analyticsBytes` and
            `idempotencyBytes` are bytes, as the quotas count them (see "Quotas").
    """

    prompts: "ResourceUsage"
    versions: "ResourceUsage"
    api_keys: "ResourceUsage"
    webhooks: "ResourceUsage"
    environments: "ResourceUsage"
    connections: "ResourceUsage"
    invitations: "ResourceUsage"
    analytics_bytes: "ResourceUsage"
    idempotency_bytes: "ResourceUsage"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.resource_usage import ResourceUsage

        prompts = self.prompts.to_dict()

        versions = self.versions.to_dict()

        api_keys = self.api_keys.to_dict()

        webhooks = self.webhooks.to_dict()

        environments = self.environments.to_dict()

        connections = self.connections.to_dict()

        invitations = self.invitations.to_dict()

        analytics_bytes = self.analytics_bytes.to_dict()

        idempotency_bytes = self.idempotency_bytes.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompts": prompts,
                "versions": versions,
                "apiKeys": api_keys,
                "webhooks": webhooks,
                "environments": environments,
                "connections": connections,
                "invitations": invitations,
                "analyticsBytes": analytics_bytes,
                "idempotencyBytes": idempotency_bytes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.resource_usage import ResourceUsage

        d = dict(src_dict)
        prompts = ResourceUsage.from_dict(d.pop("prompts"))

        versions = ResourceUsage.from_dict(d.pop("versions"))

        api_keys = ResourceUsage.from_dict(d.pop("apiKeys"))

        webhooks = ResourceUsage.from_dict(d.pop("webhooks"))

        environments = ResourceUsage.from_dict(d.pop("environments"))

        connections = ResourceUsage.from_dict(d.pop("connections"))

        invitations = ResourceUsage.from_dict(d.pop("invitations"))

        analytics_bytes = ResourceUsage.from_dict(d.pop("analyticsBytes"))

        idempotency_bytes = ResourceUsage.from_dict(d.pop("idempotencyBytes"))

        usage_resources = cls(
            prompts=prompts,
            versions=versions,
            api_keys=api_keys,
            webhooks=webhooks,
            environments=environments,
            connections=connections,
            invitations=invitations,
            analytics_bytes=analytics_bytes,
            idempotency_bytes=idempotency_bytes,
        )

        usage_resources.additional_properties = d
        return usage_resources

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
