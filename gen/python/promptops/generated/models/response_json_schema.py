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
    from ..models.response_json_schema_schema import ResponseJsonSchemaSchema


T = TypeVar("T", bound="ResponseJsonSchema")


@_attrs_define
class ResponseJsonSchema:
    """The schema of a `json_schema` response format, with its name. A component of its own
    (not inline in ResponseFormat) for the same reason as NamedToolChoice.

        Attributes:
            name (str):
            schema (ResponseJsonSchemaSchema): A JSON Schema, compiled when the version is created.
            description (Union[Unset, str]):
            strict (Union[Unset, bool]):
    """

    name: str
    schema: "ResponseJsonSchemaSchema"
    description: Union[Unset, str] = UNSET
    strict: Union[Unset, bool] = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.response_json_schema_schema import ResponseJsonSchemaSchema

        name = self.name

        schema = self.schema.to_dict()

        description = self.description

        strict = self.strict

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "schema": schema,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if strict is not UNSET:
            field_dict["strict"] = strict

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.response_json_schema_schema import ResponseJsonSchemaSchema

        d = dict(src_dict)
        name = d.pop("name")

        schema = ResponseJsonSchemaSchema.from_dict(d.pop("schema"))

        description = d.pop("description", UNSET)

        strict = d.pop("strict", UNSET)

        response_json_schema = cls(
            name=name,
            schema=schema,
            description=description,
            strict=strict,
        )

        return response_json_schema
