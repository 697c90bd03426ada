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
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.connection_provider import ConnectionProvider
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateConnectionRequest")


@_attrs_define
class CreateConnectionRequest:
    """
    Attributes:
        name (str):
        provider (ConnectionProvider): `openai` (OpenAI Chat Completions, or any API compatible with it) or `anthropic`
            (Anthropic Messages).
        base_url (str):
        api_key (str):
        default_model (Union[Unset, str]):
    """

    name: str
    provider: ConnectionProvider
    base_url: str
    api_key: str
    default_model: Union[Unset, str] = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        provider = self.provider.value

        base_url = self.base_url

        api_key = self.api_key

        default_model = self.default_model

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "provider": provider,
                "baseUrl": base_url,
                "apiKey": api_key,
            }
        )
        if default_model is not UNSET:
            field_dict["defaultModel"] = default_model

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        provider = ConnectionProvider(d.pop("provider"))

        base_url = d.pop("baseUrl")

        api_key = d.pop("apiKey")

        default_model = d.pop("defaultModel", UNSET)

        create_connection_request = cls(
            name=name,
            provider=provider,
            base_url=base_url,
            api_key=api_key,
            default_model=default_model,
        )

        return create_connection_request
