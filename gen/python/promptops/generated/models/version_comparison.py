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
    from ..models.version_comparison_figures import VersionComparisonFigures


T = TypeVar("T", bound="VersionComparison")


@_attrs_define
class VersionComparison:
    """
    Attributes:
        current_version (int):
        previous_version (int):
        figures (VersionComparisonFigures):
    """

    current_version: int
    previous_version: int
    figures: "VersionComparisonFigures"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.version_comparison_figures import VersionComparisonFigures

        current_version = self.current_version

        previous_version = self.previous_version

        figures = self.figures.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currentVersion": current_version,
                "previousVersion": previous_version,
                "figures": figures,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.version_comparison_figures import VersionComparisonFigures

        d = dict(src_dict)
        current_version = d.pop("currentVersion")

        previous_version = d.pop("previousVersion")

        figures = VersionComparisonFigures.from_dict(d.pop("figures"))

        version_comparison = cls(
            current_version=current_version,
            previous_version=previous_version,
            figures=figures,
        )

        version_comparison.additional_properties = d
        return version_comparison

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
