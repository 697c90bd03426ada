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
    from ..models.field_diff import FieldDiff


T = TypeVar("T", bound="VersionDiff")


@_attrs_define
class VersionDiff:
    """
    Attributes:
        version_id (UUID):
        version_number (int):
        against_version_id (Union[None, UUID]):
        against_version_number (Union[None, int]):
        changed (bool):
        fields (list['FieldDiff']): Every field in a fixed order: for a conversation its messages, aligned (each named
            `messages/<index in this version>`, a removed one `a/messages/<index in against>`),
            else systemPrompt and userTemplate; then model, temperature, maxTokens, provider,
            tools, toolChoice, responseFormat, modelParameters, variablesSchema, metadata.
    """

    version_id: UUID
    version_number: int
    against_version_id: Union[None, UUID]
    against_version_number: Union[None, int]
    changed: bool
    fields: list["FieldDiff"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.field_diff import FieldDiff

        version_id = str(self.version_id)

        version_number = self.version_number

        against_version_id: Union[None, str]
        if isinstance(self.against_version_id, UUID):
            against_version_id = str(self.against_version_id)
        else:
            against_version_id = self.against_version_id

        against_version_number: Union[None, int]
        against_version_number = self.against_version_number

        changed = self.changed

        fields = []
        for fields_item_data in self.fields:
            fields_item = fields_item_data.to_dict()
            fields.append(fields_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "versionId": version_id,
                "versionNumber": version_number,
                "againstVersionId": against_version_id,
                "againstVersionNumber": against_version_number,
                "changed": changed,
                "fields": fields,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_diff import FieldDiff

        d = dict(src_dict)
        version_id = UUID(d.pop("versionId"))

        version_number = d.pop("versionNumber")

        def _parse_against_version_id(data: object) -> Union[None, UUID]:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                against_version_id_type_0 = UUID(data)

                return against_version_id_type_0
            except:  # noqa: E722
                pass
            return cast(Union[None, UUID], data)

        against_version_id = _parse_against_version_id(d.pop("againstVersionId"))

        def _parse_against_version_number(data: object) -> Union[None, int]:
            if data is None:
                return data
            return cast(Union[None, int], data)

        against_version_number = _parse_against_version_number(
            d.pop("againstVersionNumber")
        )

        changed = d.pop("changed")

        fields = []
        _fields = d.pop("fields")
        for fields_item_data in _fields:
            fields_item = FieldDiff.from_dict(fields_item_data)

            fields.append(fields_item)

        version_diff = cls(
            version_id=version_id,
            version_number=version_number,
            against_version_id=against_version_id,
            against_version_number=against_version_number,
            changed=changed,
            fields=fields,
        )

        version_diff.additional_properties = d
        return version_diff

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
