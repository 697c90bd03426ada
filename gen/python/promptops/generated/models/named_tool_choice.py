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

from ..models.named_tool_choice_type import NamedToolChoiceType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.named_tool_choice_function import NamedToolChoiceFunction


T = TypeVar("T", bound="NamedToolChoice")


@_attrs_define
class NamedToolChoice:
    """A tool choice naming the function the model must call. A component of its own (not
    inline in ToolChoice) so that every generator names it once: openapi-python-client
    fails on an inline object inside a oneOf used by several schemas.

        Attributes:
            type_ (NamedToolChoiceType):
            function (NamedToolChoiceFunction):
    """

    type_: NamedToolChoiceType
    function: "NamedToolChoiceFunction"

    def to_dict(self) -> dict[str, Any]:
        from ..models.named_tool_choice_function import NamedToolChoiceFunction

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
        from ..models.named_tool_choice_function import NamedToolChoiceFunction

        d = dict(src_dict)
        type_ = NamedToolChoiceType(d.pop("type"))

        function = NamedToolChoiceFunction.from_dict(d.pop("function"))

        named_tool_choice = cls(
            type_=type_,
            function=function,
        )

        return named_tool_choice
