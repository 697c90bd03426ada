from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, Optional, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReleaseStep")


@_attrs_define
class ReleaseStep:
    """
    Attributes:
        percent (float): The share of subjects on the new versions during the step, above 0 and below 100, above the
            step before. Example: 5.
        duration (str): How long the step lasts at least, a Go duration from `1s` to 30 days (`720h`). Example: 10m.
    """

    percent: float
    duration: str

    def to_dict(self) -> dict[str, Any]:
        percent = self.percent

        duration = self.duration

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "percent": percent,
                "duration": duration,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        percent = d.pop("percent")

        duration = d.pop("duration")

        release_step = cls(
            percent=percent,
            duration=duration,
        )

        return release_step
