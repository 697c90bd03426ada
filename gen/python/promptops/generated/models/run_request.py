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
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.run_request_variables import RunRequestVariables


T = TypeVar("T", bound="RunRequest")


@_attrs_define
class RunRequest:
    """
    Attributes:
        connection (UUID): The id of the project's connection to run through.
        variables (Union[Unset, RunRequestVariables]): A value for each variable, as for `render`.
        model (Union[Unset, str]): The model to ask; default the connection's `defaultModel`, else the version's.
    """

    connection: UUID
    variables: Union[Unset, "RunRequestVariables"] = UNSET
    model: Union[Unset, str] = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.run_request_variables import RunRequestVariables

        connection = str(self.connection)

        variables: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        model = self.model

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "connection": connection,
            }
        )
        if variables is not UNSET:
            field_dict["variables"] = variables
        if model is not UNSET:
            field_dict["model"] = model

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.run_request_variables import RunRequestVariables

        d = dict(src_dict)
        connection = UUID(d.pop("connection"))

        _variables = d.pop("variables", UNSET)
        variables: Union[Unset, RunRequestVariables]
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = RunRequestVariables.from_dict(_variables)

        model = d.pop("model", UNSET)

        run_request = cls(
            connection=connection,
            variables=variables,
            model=model,
        )

        return run_request
