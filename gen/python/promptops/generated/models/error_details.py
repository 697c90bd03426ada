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

from ..models.role import Role
from ..models.scope import Scope
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_problem import FieldProblem
    from ..models.quota import Quota


T = TypeVar("T", bound="ErrorDetails")


@_attrs_define
class ErrorDetails:
    """Machine-readable facts about the error.

    Attributes:
        fields (Union[Unset, list['FieldProblem']]): Each offending field or parameter and what is wrong with it.
        required_scope (Union[Unset, Scope]):
        required_role (Union[Unset, Role]): A member's role in a project, from the most rights to the least.
        missing_variables (Union[Unset, list[str]]): The template variables a render request did not supply.
        quota (Union[Unset, Quota]): The quota a create would exceed (`QUOTA_EXCEEDED`).
        limit (Union[Unset, int]): The limit the request went past: bytes or steps of a render's budget, placeholders
            and partial tags of a template, or bytes of a prompt composed with its partials
            (the render limit).
        composed_bytes (Union[Unset, int]): The size of a prompt's messages with their partials composed, when past
            `limit`.
        chain (Union[Unset, list[str]]): The prompt, then the partials through which the most of `composedBytes` comes,
            outermost first (at each level the partial whose tags add the most).
        environment (Union[Unset, str]): An environment of the project, by name: `dev`, `staging` and `production`
            always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        base_version (Union[Unset, int]): `VERSION_CONFLICT`: the version the refused change was based on (the request's
            `baseVersion`).
        latest_version (Union[Unset, int]): `VERSION_CONFLICT`: the prompt's newest version (0 for none) when the change
            was refused.
    """

    fields: Union[Unset, list["FieldProblem"]] = UNSET
    required_scope: Union[Unset, Scope] = UNSET
    required_role: Union[Unset, Role] = UNSET
    missing_variables: Union[Unset, list[str]] = UNSET
    quota: Union[Unset, "Quota"] = UNSET
    limit: Union[Unset, int] = UNSET
    composed_bytes: Union[Unset, int] = UNSET
    chain: Union[Unset, list[str]] = UNSET
    environment: Union[Unset, str] = UNSET
    base_version: Union[Unset, int] = UNSET
    latest_version: Union[Unset, int] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.field_problem import FieldProblem
        from ..models.quota import Quota

        fields: Union[Unset, list[dict[str, Any]]] = UNSET
        if not isinstance(self.fields, Unset):
            fields = []
            for fields_item_data in self.fields:
                fields_item = fields_item_data.to_dict()
                fields.append(fields_item)

        required_scope: Union[Unset, str] = UNSET
        if not isinstance(self.required_scope, Unset):
            required_scope = self.required_scope.value

        required_role: Union[Unset, str] = UNSET
        if not isinstance(self.required_role, Unset):
            required_role = self.required_role.value

        missing_variables: Union[Unset, list[str]] = UNSET
        if not isinstance(self.missing_variables, Unset):
            missing_variables = self.missing_variables

        quota: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.quota, Unset):
            quota = self.quota.to_dict()

        limit = self.limit

        composed_bytes = self.composed_bytes

        chain: Union[Unset, list[str]] = UNSET
        if not isinstance(self.chain, Unset):
            chain = self.chain

        environment = self.environment

        base_version = self.base_version

        latest_version = self.latest_version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if fields is not UNSET:
            field_dict["fields"] = fields
        if required_scope is not UNSET:
            field_dict["requiredScope"] = required_scope
        if required_role is not UNSET:
            field_dict["requiredRole"] = required_role
        if missing_variables is not UNSET:
            field_dict["missingVariables"] = missing_variables
        if quota is not UNSET:
            field_dict["quota"] = quota
        if limit is not UNSET:
            field_dict["limit"] = limit
        if composed_bytes is not UNSET:
            field_dict["composedBytes"] = composed_bytes
        if chain is not UNSET:
            field_dict["chain"] = chain
        if environment is not UNSET:
            field_dict["environment"] = environment
        if base_version is not UNSET:
            field_dict["baseVersion"] = base_version
        if latest_version is not UNSET:
            field_dict["latestVersion"] = latest_version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_problem import FieldProblem
        from ..models.quota import Quota

        d = dict(src_dict)
        fields = []
        _fields = d.pop("fields", UNSET)
        for fields_item_data in _fields or []:
            fields_item = FieldProblem.from_dict(fields_item_data)

            fields.append(fields_item)

        _required_scope = d.pop("requiredScope", UNSET)
        required_scope: Union[Unset, Scope]
        if isinstance(_required_scope, Unset):
            required_scope = UNSET
        else:
            required_scope = Scope(_required_scope)

        _required_role = d.pop("requiredRole", UNSET)
        required_role: Union[Unset, Role]
        if isinstance(_required_role, Unset):
            required_role = UNSET
        else:
            required_role = Role(_required_role)

        missing_variables = cast(list[str], d.pop("missingVariables", UNSET))

        _quota = d.pop("quota", UNSET)
        quota: Union[Unset, Quota]
        if isinstance(_quota, Unset):
            quota = UNSET
        else:
            quota = Quota.from_dict(_quota)

        limit = d.pop("limit", UNSET)

        composed_bytes = d.pop("composedBytes", UNSET)

        chain = cast(list[str], d.pop("chain", UNSET))

        environment = d.pop("environment", UNSET)

        base_version = d.pop("baseVersion", UNSET)

        latest_version = d.pop("latestVersion", UNSET)

        error_details = cls(
            fields=fields,
            required_scope=required_scope,
            required_role=required_role,
            missing_variables=missing_variables,
            quota=quota,
            limit=limit,
            composed_bytes=composed_bytes,
            chain=chain,
            environment=environment,
            base_version=base_version,
            latest_version=latest_version,
        )

        error_details.additional_properties = d
        return error_details

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
