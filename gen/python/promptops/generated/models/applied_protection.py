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

T = TypeVar("T", bound="AppliedProtection")


@_attrs_define
class AppliedProtection:
    """An environment's protection, every field shown (unset ones at 0, empty or null).

    Attributes:
        required_approvals (int):
        required_checks (list[str]):
        min_check_score (Union[None, float]):
        required_predecessor (Union[None, str]):
    """

    required_approvals: int
    required_checks: list[str]
    min_check_score: Union[None, float]
    required_predecessor: Union[None, str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        required_approvals = self.required_approvals

        required_checks = self.required_checks

        min_check_score: Union[None, float]
        min_check_score = self.min_check_score

        required_predecessor: Union[None, str]
        required_predecessor = self.required_predecessor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requiredApprovals": required_approvals,
                "requiredChecks": required_checks,
                "minCheckScore": min_check_score,
                "requiredPredecessor": required_predecessor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        required_approvals = d.pop("requiredApprovals")

        required_checks = cast(list[str], d.pop("requiredChecks"))

        def _parse_min_check_score(data: object) -> Union[None, float]:
            if data is None:
                return data
            return cast(Union[None, float], data)

        min_check_score = _parse_min_check_score(d.pop("minCheckScore"))

        def _parse_required_predecessor(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        required_predecessor = _parse_required_predecessor(d.pop("requiredPredecessor"))

        applied_protection = cls(
            required_approvals=required_approvals,
            required_checks=required_checks,
            min_check_score=min_check_score,
            required_predecessor=required_predecessor,
        )

        applied_protection.additional_properties = d
        return applied_protection

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
