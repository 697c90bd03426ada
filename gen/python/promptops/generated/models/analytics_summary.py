import datetime
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
from dateutil.parser import isoparse

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.prompt_totals import PromptTotals


T = TypeVar("T", bound="AnalyticsSummary")


@_attrs_define
class AnalyticsSummary:
    """
    Attributes:
        from_ (datetime.datetime):
        to (datetime.datetime):
        by_calls (list['PromptTotals']):
        by_errors (list['PromptTotals']):
        by_cost (list['PromptTotals']):
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging` and `production`
            always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
    """

    from_: datetime.datetime
    to: datetime.datetime
    by_calls: list["PromptTotals"]
    by_errors: list["PromptTotals"]
    by_cost: list["PromptTotals"]
    environment: Union[Unset, str] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.prompt_totals import PromptTotals

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        by_calls = []
        for by_calls_item_data in self.by_calls:
            by_calls_item = by_calls_item_data.to_dict()
            by_calls.append(by_calls_item)

        by_errors = []
        for by_errors_item_data in self.by_errors:
            by_errors_item = by_errors_item_data.to_dict()
            by_errors.append(by_errors_item)

        by_cost = []
        for by_cost_item_data in self.by_cost:
            by_cost_item = by_cost_item_data.to_dict()
            by_cost.append(by_cost_item)

        environment = self.environment

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "to": to,
                "byCalls": by_calls,
                "byErrors": by_errors,
                "byCost": by_cost,
            }
        )
        if environment is not UNSET:
            field_dict["environment"] = environment

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.prompt_totals import PromptTotals

        d = dict(src_dict)
        from_ = isoparse(d.pop("from"))

        to = isoparse(d.pop("to"))

        by_calls = []
        _by_calls = d.pop("byCalls")
        for by_calls_item_data in _by_calls:
            by_calls_item = PromptTotals.from_dict(by_calls_item_data)

            by_calls.append(by_calls_item)

        by_errors = []
        _by_errors = d.pop("byErrors")
        for by_errors_item_data in _by_errors:
            by_errors_item = PromptTotals.from_dict(by_errors_item_data)

            by_errors.append(by_errors_item)

        by_cost = []
        _by_cost = d.pop("byCost")
        for by_cost_item_data in _by_cost:
            by_cost_item = PromptTotals.from_dict(by_cost_item_data)

            by_cost.append(by_cost_item)

        environment = d.pop("environment", UNSET)

        analytics_summary = cls(
            from_=from_,
            to=to,
            by_calls=by_calls,
            by_errors=by_errors,
            by_cost=by_cost,
            environment=environment,
        )

        analytics_summary.additional_properties = d
        return analytics_summary

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
