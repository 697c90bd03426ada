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

from ..models.tool_type import ToolType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tool_function import ToolFunction


T = TypeVar("T", bound="Tool")


@_attrs_define
class Tool:
    """
    Attributes:
        type_ (ToolType):
        function (ToolFunction):
    """

    type_: ToolType
    function: "ToolFunction"

    def to_dict(self) -> dict[str, Any]:
        from ..models.tool_function import ToolFunction

        type_ = self.type_.value

        function = self.function.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "function": function,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool_function import ToolFunction

        d = dict(src_dict)
        type_ = ToolType(d.pop("type"))

        function = ToolFunction.from_dict(d.pop("function"))

        tool = cls(
            type_=type_,
            function=function,
        )

        return tool
