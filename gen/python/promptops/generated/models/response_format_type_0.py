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

from ..models.response_format_type_0_type import ResponseFormatType0Type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.response_json_schema import ResponseJsonSchema


T = TypeVar("T", bound="ResponseFormatType0")


@_attrs_define
class ResponseFormatType0:
    """The output the model must give; `jsonSchema` is required with `json_schema` and refused otherwise.

    Attributes:
        type_ (ResponseFormatType0Type):
        json_schema (Union[Unset, ResponseJsonSchema]): The schema of a `json_schema` response format, with its name. A
            component of its own
            (not inline in ResponseFormat) for the same reason as NamedToolChoice.
    """

    type_: ResponseFormatType0Type
    json_schema: Union[Unset, "ResponseJsonSchema"] = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.response_json_schema import ResponseJsonSchema

        type_ = self.type_.value

        json_schema: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.json_schema, Unset):
            json_schema = self.json_schema.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if json_schema is not UNSET:
            field_dict["jsonSchema"] = json_schema

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.response_json_schema import ResponseJsonSchema

        d = dict(src_dict)
        type_ = ResponseFormatType0Type(d.pop("type"))

        _json_schema = d.pop("jsonSchema", UNSET)
        json_schema: Union[Unset, ResponseJsonSchema]
        if isinstance(_json_schema, Unset):
            json_schema = UNSET
        else:
            json_schema = ResponseJsonSchema.from_dict(_json_schema)

        response_format_type_0 = cls(
            type_=type_,
            json_schema=json_schema,
        )

        return response_format_type_0
