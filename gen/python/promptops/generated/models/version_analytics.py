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
    from ..models.analytics_figures import AnalyticsFigures
    from ..models.analytics_interval import AnalyticsInterval


T = TypeVar("T", bound="VersionAnalytics")


@_attrs_define
class VersionAnalytics:
    """
    Attributes:
        version_number (int):
        totals (AnalyticsFigures): Figures of a set of calls. Latency percentiles are read from a fixed histogram whose
            buckets end at 1, 2, 5, 10, 20, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000,
            7500, 10000, 15000, 20000, 30000, 60000 and 120000 ms (and one beyond), interpolated
            within the bucket and kept between the fastest and the slowest call: exact to within the
            bucket's width (one call's percentiles are its latency). They are null without calls.

            Sums saturate rather than wrap: a count or token figure of 9223372036854775807
            (2^63−1), or a `costUsd` of 9223372036.854775807 (2^63−1 billionths of a dollar),
            means at least that much. Track's maxima (a million dollars and a billion tokens an
            event) reach the cost's bound in 10,000 events.
        series (list['AnalyticsInterval']): One entry per interval with calls, oldest first.
    """

    version_number: int
    totals: "AnalyticsFigures"
    series: list["AnalyticsInterval"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.analytics_figures import AnalyticsFigures
        from ..models.analytics_interval import AnalyticsInterval

        version_number = self.version_number

        totals = self.totals.to_dict()

        series = []
        for series_item_data in self.series:
            series_item = series_item_data.to_dict()
            series.append(series_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "versionNumber": version_number,
                "totals": totals,
                "series": series,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.analytics_figures import AnalyticsFigures
        from ..models.analytics_interval import AnalyticsInterval

        d = dict(src_dict)
        version_number = d.pop("versionNumber")

        totals = AnalyticsFigures.from_dict(d.pop("totals"))

        series = []
        _series = d.pop("series")
        for series_item_data in _series:
            series_item = AnalyticsInterval.from_dict(series_item_data)

            series.append(series_item)

        version_analytics = cls(
            version_number=version_number,
            totals=totals,
            series=series,
        )

        version_analytics.additional_properties = d
        return version_analytics

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
