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

from ..models.connection_provider import ConnectionProvider
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateConnectionRequest")


@_attrs_define
class UpdateConnectionRequest:
    """
    Attributes:
        name (Union[Unset, str]):
        provider (Union[Unset, ConnectionProvider]): `openai` (OpenAI Chat Completions, or any API compatible with it)
            or `anthropic` (Anthropic Messages).
        base_url (Union[Unset, str]):
        api_key (Union[Unset, str]):
        default_model (Union[None, Unset, str]):
    """

    name: Union[Unset, str] = UNSET
    provider: Union[Unset, ConnectionProvider] = UNSET
    base_url: Union[Unset, str] = UNSET
    api_key: Union[Unset, str] = UNSET
    default_model: Union[None, Unset, str] = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        provider: Union[Unset, str] = UNSET
        if not isinstance(self.provider, Unset):
            provider = self.provider.value

        base_url = self.base_url

        api_key = self.api_key

        default_model: Union[None, Unset, str]
        if isinstance(self.default_model, Unset):
            default_model = UNSET
        else:
            default_model = self.default_model

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if provider is not UNSET:
            field_dict["provider"] = provider
        if base_url is not UNSET:
            field_dict["baseUrl"] = base_url
        if api_key is not UNSET:
            field_dict["apiKey"] = api_key
        if default_model is not UNSET:
            field_dict["defaultModel"] = default_model

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        _provider = d.pop("provider", UNSET)
        provider: Union[Unset, ConnectionProvider]
        if isinstance(_provider, Unset):
            provider = UNSET
        else:
            provider = ConnectionProvider(_provider)

        base_url = d.pop("baseUrl", UNSET)

        api_key = d.pop("apiKey", UNSET)

        def _parse_default_model(data: object) -> Union[None, Unset, str]:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Union[None, Unset, str], data)

        default_model = _parse_default_model(d.pop("defaultModel", UNSET))

        update_connection_request = cls(
            name=name,
            provider=provider,
            base_url=base_url,
            api_key=api_key,
            default_model=default_model,
        )

        return update_connection_request
