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
    from ..models.variable_value_type_4 import VariableValueType4


T = TypeVar("T", bound="RenderRequestVariables")


@_attrs_define
class RenderRequestVariables:
    """A value for each variable: strings, numbers and booleans are written as text; lists
    and objects feed sections (`{{#items}}…{{/items}}`) and dotted names. A null value,
    a string of more than 65,536 characters (Unicode code points) and a null item of a
    list are 400s naming each by its JSON pointer (names in the order of their UTF-8
    bytes, a list's items by index): `/variables/name: must be a string, number,
    boolean, list or object`, `/variables/name: is longer than 65536 characters`,
    `/variables/name/0: must not be null`. Members of an object, and items of a list's lists or objects, may be null.
    With a `variablesSchema` the values are checked against it.

    """

    additional_properties: dict[
        str, Union["VariableValueType4", bool, float, list[Any], str]
    ] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.variable_value_type_4 import VariableValueType4

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            if isinstance(prop, list):
                field_dict[prop_name] = prop

            elif isinstance(prop, VariableValueType4):
                field_dict[prop_name] = prop.to_dict()
            else:
                field_dict[prop_name] = prop

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.variable_value_type_4 import VariableValueType4

        d = dict(src_dict)
        render_request_variables = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(
                data: object,
            ) -> Union["VariableValueType4", bool, float, list[Any], str]:
                try:
                    if not isinstance(data, list):
                        raise TypeError()
                    componentsschemas_variable_value_type_3 = cast(list[Any], data)

                    return componentsschemas_variable_value_type_3
                except:  # noqa: E722
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_variable_value_type_4 = (
                        VariableValueType4.from_dict(data)
                    )

                    return componentsschemas_variable_value_type_4
                except:  # noqa: E722
                    pass
                return cast(
                    Union["VariableValueType4", bool, float, list[Any], str], data
                )

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        render_request_variables.additional_properties = additional_properties
        return render_request_variables

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(
        self, key: str
    ) -> Union["VariableValueType4", bool, float, list[Any], str]:
        return self.additional_properties[key]

    def __setitem__(
        self, key: str, value: Union["VariableValueType4", bool, float, list[Any], str]
    ) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
