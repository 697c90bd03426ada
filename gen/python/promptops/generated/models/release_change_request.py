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

T = TypeVar("T", bound="ReleaseChangeRequest")


@_attrs_define
class ReleaseChangeRequest:
    """
    Attributes:
        prompt (str): Names a prompt of the key's project in a path: its id (a UUID), or its slug. A slug is
            never shaped like a UUID (creating one is a 400), so the two cannot be confused. An
            unknown slug, like an unknown id or a prompt of another project, is a 404.
             Example: welcome-email.
        version (Union[int, str]): The version's number (`3` or `"3"`) or id.
    """

    prompt: str
    version: Union[int, str]

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        version: Union[int, str]
        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "prompt": prompt,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        def _parse_version(data: object) -> Union[int, str]:
            return cast(Union[int, str], data)

        version = _parse_version(d.pop("version"))

        release_change_request = cls(
            prompt=prompt,
            version=version,
        )

        return release_change_request
