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

if TYPE_CHECKING:
    from ..models.tool_function_parameters import ToolFunctionParameters


T = TypeVar("T", bound="ToolFunction")


@_attrs_define
class ToolFunction:
    """
    Attributes:
        name (str): Unique among the version's tools.
        description (Union[Unset, str]):
        parameters (Union[Unset, ToolFunctionParameters]): A JSON Schema of the arguments, compiled when the version is
            created.
        strict (Union[Unset, bool]):
    """

    name: str
    description: Union[Unset, str] = UNSET
    parameters: Union[Unset, "ToolFunctionParameters"] = UNSET
    strict: Union[Unset, bool] = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.tool_function_parameters import ToolFunctionParameters

        name = self.name

        description = self.description

        parameters: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()

        strict = self.strict

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
        if strict is not UNSET:
            field_dict["strict"] = strict

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool_function_parameters import ToolFunctionParameters

        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description", UNSET)

        _parameters = d.pop("parameters", UNSET)
        parameters: Union[Unset, ToolFunctionParameters]
        if isinstance(_parameters, Unset):
            parameters = UNSET
        else:
            parameters = ToolFunctionParameters.from_dict(_parameters)

        strict = d.pop("strict", UNSET)

        tool_function = cls(
            name=name,
            description=description,
            parameters=parameters,
            strict=strict,
        )

        return tool_function
