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
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.release_analytics_figures import ReleaseAnalyticsFigures


T = TypeVar("T", bound="ReleaseAnalyticsPrompt")


@_attrs_define
class ReleaseAnalyticsPrompt:
    """
    Attributes:
        prompt_id (UUID):
        slug (str):
        current (ReleaseAnalyticsFigures): The calls of one variant of a prompt in a release. The rates, latencies and
            cost per
            call are null without calls; sums saturate as those of `AnalyticsFigures` do.
        candidate (ReleaseAnalyticsFigures): The calls of one variant of a prompt in a release. The rates, latencies and
            cost per
            call are null without calls; sums saturate as those of `AnalyticsFigures` do.
    """

    prompt_id: UUID
    slug: str
    current: "ReleaseAnalyticsFigures"
    candidate: "ReleaseAnalyticsFigures"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.release_analytics_figures import ReleaseAnalyticsFigures

        prompt_id = str(self.prompt_id)

        slug = self.slug

        current = self.current.to_dict()

        candidate = self.candidate.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "promptId": prompt_id,
                "slug": slug,
                "current": current,
                "candidate": candidate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.release_analytics_figures import ReleaseAnalyticsFigures

        d = dict(src_dict)
        prompt_id = UUID(d.pop("promptId"))

        slug = d.pop("slug")

        current = ReleaseAnalyticsFigures.from_dict(d.pop("current"))

        candidate = ReleaseAnalyticsFigures.from_dict(d.pop("candidate"))

        release_analytics_prompt = cls(
            prompt_id=prompt_id,
            slug=slug,
            current=current,
            candidate=candidate,
        )

        release_analytics_prompt.additional_properties = d
        return release_analytics_prompt

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
