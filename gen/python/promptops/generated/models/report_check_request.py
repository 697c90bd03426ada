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

from ..models.check_status import CheckStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReportCheckRequest")


@_attrs_define
class ReportCheckRequest:
    """
    Attributes:
        name (str): A check's name (letters, digits and `._:/-`, starting with a letter or a digit). Example: eval.
        status (CheckStatus):
        score (Union[None, Unset, float]): A score of the check's own scale, compared with an environment's
            `minCheckScore`.
        details_url (Union[None, Unset, str]): Where to read more (an http or https URL).
    """

    name: str
    status: CheckStatus
    score: Union[None, Unset, float] = UNSET
    details_url: Union[None, Unset, str] = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        status = self.status.value

        score: Union[None, Unset, float]
        if isinstance(self.score, Unset):
            score = UNSET
        else:
            score = self.score

        details_url: Union[None, Unset, str]
        if isinstance(self.details_url, Unset):
            details_url = UNSET
        else:
            details_url = self.details_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "status": status,
            }
        )
        if score is not UNSET:
            field_dict["score"] = score
        if details_url is not UNSET:
            field_dict["detailsUrl"] = details_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        status = CheckStatus(d.pop("status"))

        def _parse_score(data: object) -> Union[None, Unset, float]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Union[None, Unset, float], data)

        score = _parse_score(d.pop("score", UNSET))

        def _parse_details_url(data: object) -> Union[None, Unset, str]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Union[None, Unset, str], data)

        details_url = _parse_details_url(d.pop("detailsUrl", UNSET))

        report_check_request = cls(
            name=name,
            status=status,
            score=score,
            details_url=details_url,
        )

        return report_check_request
