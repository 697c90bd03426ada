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

from ..models.release_strategy_type import ReleaseStrategyType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.release_guard import ReleaseGuard
    from ..models.release_step import ReleaseStep


T = TypeVar("T", bound="ReleaseStrategy")


@_attrs_define
class ReleaseStrategy:
    """
    Attributes:
        type_ (ReleaseStrategyType):
        percent (Union[Unset, float]): `split`: the share of subjects on the new versions, above 0 and below 100.
            Example: 10.
        steps (Union[Unset, list['ReleaseStep']]): `gradual`: 1 to 20 steps of strictly increasing percent; 100 % after
            the last.
        guards (Union[Unset, list['ReleaseGuard']]): At most 10 guards (split and gradual).
    """

    type_: ReleaseStrategyType
    percent: Union[Unset, float] = UNSET
    steps: Union[Unset, list["ReleaseStep"]] = UNSET
    guards: Union[Unset, list["ReleaseGuard"]] = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.release_guard import ReleaseGuard
        from ..models.release_step import ReleaseStep

        type_ = self.type_.value

        percent = self.percent

        steps: Union[Unset, list[dict[str, Any]]] = UNSET
        if not isinstance(self.steps, Unset):
            steps = []
            for steps_item_data in self.steps:
                steps_item = steps_item_data.to_dict()
                steps.append(steps_item)

        guards: Union[Unset, list[dict[str, Any]]] = UNSET
        if not isinstance(self.guards, Unset):
            guards = []
            for guards_item_data in self.guards:
                guards_item = guards_item_data.to_dict()
                guards.append(guards_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if percent is not UNSET:
            field_dict["percent"] = percent
        if steps is not UNSET:
            field_dict["steps"] = steps
        if guards is not UNSET:
            field_dict["guards"] = guards

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.release_guard import ReleaseGuard
        from ..models.release_step import ReleaseStep

        d = dict(src_dict)
        type_ = ReleaseStrategyType(d.pop("type"))

        percent = d.pop("percent", UNSET)

        steps = []
        _steps = d.pop("steps", UNSET)
        for steps_item_data in _steps or []:
            steps_item = ReleaseStep.from_dict(steps_item_data)

            steps.append(steps_item)

        guards = []
        _guards = d.pop("guards", UNSET)
        for guards_item_data in _guards or []:
            guards_item = ReleaseGuard.from_dict(guards_item_data)

            guards.append(guards_item)

        release_strategy = cls(
            type_=type_,
            percent=percent,
            steps=steps,
            guards=guards,
        )

        return release_strategy
