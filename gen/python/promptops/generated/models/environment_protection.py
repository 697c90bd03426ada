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

T = TypeVar("T", bound="EnvironmentProtection")


@_attrs_define
class EnvironmentProtection:
    """What a release (or a promote) into the environment must satisfy. Every field left out
    is unset.

        Attributes:
            required_approvals (Union[Unset, int]): Approvals needed, from members with the publisher role or above, none of
                them the author.
            required_checks (Union[Unset, list[str]]): Checks each version must have passed (see `POST
                …/versions/{versionId}/checks`).
            min_check_score (Union[None, Unset, float]): The least score each required check must have reported.
            required_predecessor (Union[Unset, str]): An environment of the project, by name: `dev`, `staging` and
                `production` always
                exist, and a project may add others (`POST /api/v1/environments`). A name the project
                has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
                "x" in this project`), and changes nothing.
                 Example: production.
    """

    required_approvals: Union[Unset, int] = UNSET
    required_checks: Union[Unset, list[str]] = UNSET
    min_check_score: Union[None, Unset, float] = UNSET
    required_predecessor: Union[Unset, str] = UNSET

    def to_dict(self) -> dict[str, Any]:
        required_approvals = self.required_approvals

        required_checks: Union[Unset, list[str]] = UNSET
        if not isinstance(self.required_checks, Unset):
            required_checks = self.required_checks

        min_check_score: Union[None, Unset, float]
        if isinstance(self.min_check_score, Unset):
            min_check_score = UNSET
        else:
            min_check_score = self.min_check_score

        required_predecessor = self.required_predecessor

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if required_approvals is not UNSET:
            field_dict["requiredApprovals"] = required_approvals
        if required_checks is not UNSET:
            field_dict["requiredChecks"] = required_checks
        if min_check_score is not UNSET:
            field_dict["minCheckScore"] = min_check_score
        if required_predecessor is not UNSET:
            field_dict["requiredPredecessor"] = required_predecessor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        required_approvals = d.pop("requiredApprovals", UNSET)

        required_checks = cast(list[str], d.pop("requiredChecks", UNSET))

        def _parse_min_check_score(data: object) -> Union[None, Unset, float]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Union[None, Unset, float], data)

        min_check_score = _parse_min_check_score(d.pop("minCheckScore", UNSET))

        required_predecessor = d.pop("requiredPredecessor", UNSET)

        environment_protection = cls(
            required_approvals=required_approvals,
            required_checks=required_checks,
            min_check_score=min_check_score,
            required_predecessor=required_predecessor,
        )

        return environment_protection
