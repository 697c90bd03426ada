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

from ..models.render_request_format import RenderRequestFormat
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.render_request_variables import RenderRequestVariables


T = TypeVar("T", bound="RenderRequest")


@_attrs_define
class RenderRequest:
    """
    Attributes:
        variables (Union[Unset, RenderRequestVariables]): A value for each variable: strings, numbers and booleans are
            written as text; lists
            and objects feed sections (`{{#items}}…{{/items}}`) and dotted names. A null value,
            a string of more than 65,536 characters (Unicode code points) and a null item of a
            list are 400s naming each by its JSON pointer (names in the order of their UTF-8
            bytes, a list's items by index): `/variables/name: must be a string, number,
            boolean, list or object`, `/variables/name: is longer than 65536 characters`,
            `/variables/name/0: must not be null`. Members of an object, and items of a list's lists or objects, may be
            null.
            With a `variablesSchema` the values are checked against it.
        version (Union[Unset, int]): Pin this version number instead of the live one.
        format_ (Union[Unset, RenderRequestFormat]): `messages` (the rendered messages with the version's tools and
            settings), or a
            ready-to-send request body for a provider in `request`: OpenAI Chat Completions
            (`openai-chat`), OpenAI Responses (`openai-responses`) or Anthropic Messages
            (`anthropic`). What the provider cannot express is a 400 naming the field.
             Default: RenderRequestFormat.MESSAGES.
    """

    variables: Union[Unset, "RenderRequestVariables"] = UNSET
    version: Union[Unset, int] = UNSET
    format_: Union[Unset, RenderRequestFormat] = RenderRequestFormat.MESSAGES

    def to_dict(self) -> dict[str, Any]:
        from ..models.render_request_variables import RenderRequestVariables

        variables: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        version = self.version

        format_: Union[Unset, str] = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if variables is not UNSET:
            field_dict["variables"] = variables
        if version is not UNSET:
            field_dict["version"] = version
        if format_ is not UNSET:
            field_dict["format"] = format_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.render_request_variables import RenderRequestVariables

        d = dict(src_dict)
        _variables = d.pop("variables", UNSET)
        variables: Union[Unset, RenderRequestVariables]
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = RenderRequestVariables.from_dict(_variables)

        version = d.pop("version", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: Union[Unset, RenderRequestFormat]
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = RenderRequestFormat(_format_)

        render_request = cls(
            variables=variables,
            version=version,
            format_=format_,
        )

        return render_request
