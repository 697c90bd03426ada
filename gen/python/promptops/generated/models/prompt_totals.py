from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, Optional, TextIO, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PromptTotals")


@_attrs_define
class PromptTotals:
    """
    Attributes:
        prompt_id (UUID):
        slug (str):
        count (int):
        errors (int):
        error_rate (float):
        cost_usd (float):
    """

    prompt_id: UUID
    slug: str
    count: int
    errors: int
    error_rate: float
    cost_usd: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt_id = str(self.prompt_id)

        slug = self.slug

        count = self.count

        errors = self.errors

        error_rate = self.error_rate

        cost_usd = self.cost_usd

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "promptId": prompt_id,
                "slug": slug,
                "count": count,
                "errors": errors,
                "errorRate": error_rate,
                "costUsd": cost_usd,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt_id = UUID(d.pop("promptId"))

        slug = d.pop("slug")

        count = d.pop("count")

        errors = d.pop("errors")

        error_rate = d.pop("errorRate")

        cost_usd = d.pop("costUsd")

        prompt_totals = cls(
            prompt_id=prompt_id,
            slug=slug,
            count=count,
            errors=errors,
            error_rate=error_rate,
            cost_usd=cost_usd,
        )

        prompt_totals.additional_properties = d
        return prompt_totals

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
