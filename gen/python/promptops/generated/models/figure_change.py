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

from ..types import UNSET, Unset

T = TypeVar("T", bound="FigureChange")


@_attrs_define
class FigureChange:
    """
    Attributes:
        current (Union[None, float]):
        previous (Union[None, float]):
        change (Union[None, float]): current − previous; null when either is null.
        change_percent (Union[None, float]): The change as a percentage of previous, rounded to two decimals; null when
            previous is 0 or null.
    """

    current: Union[None, float]
    previous: Union[None, float]
    change: Union[None, float]
    change_percent: Union[None, float]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        current: Union[None, float]
        current = self.current

        previous: Union[None, float]
        previous = self.previous

        change: Union[None, float]
        change = self.change

        change_percent: Union[None, float]
        change_percent = self.change_percent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "current": current,
                "previous": previous,
                "change": change,
                "changePercent": change_percent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_current(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        current = _parse_current(d.pop("current"))

        def _parse_previous(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        previous = _parse_previous(d.pop("previous"))

        def _parse_change(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        change = _parse_change(d.pop("change"))

        def _parse_change_percent(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        change_percent = _parse_change_percent(d.pop("changePercent"))

        figure_change = cls(
            current=current,
            previous=previous,
            change=change,
            change_percent=change_percent,
        )

        figure_change.additional_properties = d
        return figure_change

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
