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

from ..models.rendered_prompt_format import RenderedPromptFormat
from ..models.tool_choice_type_0 import ToolChoiceType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.chat_message import ChatMessage
    from ..models.model_parameters import ModelParameters
    from ..models.named_tool_choice import NamedToolChoice
    from ..models.release_assignment_type_0 import ReleaseAssignmentType0
    from ..models.rendered_prompt_metadata import RenderedPromptMetadata
    from ..models.rendered_prompt_request import RenderedPromptRequest
    from ..models.response_format_type_0 import ResponseFormatType0
    from ..models.tool import Tool


T = TypeVar("T", bound="RenderedPrompt")


@_attrs_define
class RenderedPrompt:
    """
    Attributes:
        release (Union['ReleaseAssignmentType0', None]): The rolling release an answer comes from and the subject's
            variant in it; null outside a release.
        slug (str):
        version_id (UUID):
        version_number (int):
        environment (str): An environment of the project, by name: `dev`, `staging` and `production` always
            exist, and a project may add others (`POST /api/v1/environments`). A name the project
            has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
            "x" in this project`), and changes nothing.
             Example: production.
        messages (list['ChatMessage']):
        model (str):
        temperature (float):
        max_tokens (Union[None, int]):
        metadata (RenderedPromptMetadata):
        tools (list['Tool']):
        response_format (Union['ResponseFormatType0', None]): The output the model must give; `jsonSchema` is required
            with `json_schema` and refused otherwise.
        model_parameters (ModelParameters): Sampling settings beside `model`, `temperature` and `maxTokens`; empty when
            none are set.
        provider (Union[None, str]):
        format_ (RenderedPromptFormat):
        warnings (list[str]): Things worth knowing that are not errors, the render done all the same:
            - `variable "NAME" is not used by the templates`: a variable given that no
              template (partials included) reads.
            - `variable "NAME" is rendered from an object as JSON` (or `from a list`): a
              placeholder wrote a variable that is an object or a list, as compact JSON;
              a section (`{{#NAME}}…{{/NAME}}`) walks it instead.
            - `/messages/N/content: line L, column C: "{name}" looks like a placeholder of
              another syntax; PromptOps placeholders are {{ name }}`, and the other warnings
              version creation answers about the version's templates (CreatedVersionResponse),
              the same at every render. Partials are not looked at here: their own versions'
              creation warned.
            - `model MODEL is an OpenAI model; rendered for FORMAT as written` (or `an
              Anthropic model`): with a provider `format`, the version's model belongs to the
              other provider. A model whose name starts with `gpt-`, `o1`, `o3`, `o4` or
              `chatgpt-` is OpenAI's (formats `openai-chat`, `openai-responses`), one starting
              with `claude-` Anthropic's (format `anthropic`); any other model is rendered
              for any format without a warning. The request body keeps the model as written.
        tool_choice (Union['NamedToolChoice', ToolChoiceType0, Unset]): Whether and which tool the model must call:
            `auto`, `none`, `required`, or
            `{"type": "function", "function": {"name": …}}` naming one of the version's tools;
            absent when the version says nothing.
        request (Union[Unset, RenderedPromptRequest]): With a provider `format`, the request body to send to that
            provider's API.
    """

    release: Union["ReleaseAssignmentType0", None]
    slug: str
    version_id: UUID
    version_number: int
    environment: str
    messages: list["ChatMessage"]
    model: str
    temperature: float
    max_tokens: Union[None, int]
    metadata: "RenderedPromptMetadata"
    tools: list["Tool"]
    response_format: Union["ResponseFormatType0", None]
    model_parameters: "ModelParameters"
    provider: Union[None, str]
    format_: RenderedPromptFormat
    warnings: list[str]
    tool_choice: Union["NamedToolChoice", ToolChoiceType0, Unset] = UNSET
    request: Union[Unset, "RenderedPromptRequest"] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.chat_message import ChatMessage
        from ..models.model_parameters import ModelParameters
        from ..models.named_tool_choice import NamedToolChoice
        from ..models.release_assignment_type_0 import ReleaseAssignmentType0
        from ..models.rendered_prompt_metadata import RenderedPromptMetadata
        from ..models.rendered_prompt_request import RenderedPromptRequest
        from ..models.response_format_type_0 import ResponseFormatType0
        from ..models.tool import Tool

        release: Union[None, dict[str, Any]]
        if isinstance(self.release, ReleaseAssignmentType0):
            release = self.release.to_dict()
        else:
            release = self.release

        slug = self.slug

        version_id = str(self.version_id)

        version_number = self.version_number

        environment = self.environment

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        model = self.model

        temperature = self.temperature

        max_tokens: Union[None, int]
        max_tokens = self.max_tokens

        metadata = self.metadata.to_dict()

        tools = []
        for tools_item_data in self.tools:
            tools_item = tools_item_data.to_dict()
            tools.append(tools_item)

        response_format: Union[None, dict[str, Any]]
        if isinstance(self.response_format, ResponseFormatType0):
            response_format = self.response_format.to_dict()
        else:
            response_format = self.response_format

        model_parameters = self.model_parameters.to_dict()

        provider: Union[None, str]
        provider = self.provider

        format_ = self.format_.value

        warnings = self.warnings

        tool_choice: Union[Unset, dict[str, Any], str]
        if isinstance(self.tool_choice, Unset):
            tool_choice = UNSET
        elif isinstance(self.tool_choice, ToolChoiceType0):
            tool_choice = self.tool_choice.value
        else:
            tool_choice = self.tool_choice.to_dict()

        request: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.request, Unset):
            request = self.request.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "release": release,
                "slug": slug,
                "versionId": version_id,
                "versionNumber": version_number,
                "environment": environment,
                "messages": messages,
                "model": model,
                "temperature": temperature,
                "maxTokens": max_tokens,
                "metadata": metadata,
                "tools": tools,
                "responseFormat": response_format,
                "modelParameters": model_parameters,
                "provider": provider,
                "format": format_,
                "warnings": warnings,
            }
        )
        if tool_choice is not UNSET:
            field_dict["toolChoice"] = tool_choice
        if request is not UNSET:
            field_dict["request"] = request

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_message import ChatMessage
        from ..models.model_parameters import ModelParameters
        from ..models.named_tool_choice import NamedToolChoice
        from ..models.release_assignment_type_0 import ReleaseAssignmentType0
        from ..models.rendered_prompt_metadata import RenderedPromptMetadata
        from ..models.rendered_prompt_request import RenderedPromptRequest
        from ..models.response_format_type_0 import ResponseFormatType0
        from ..models.tool import Tool

        d = dict(src_dict)

        def _parse_release(data: object) -> Union["ReleaseAssignmentType0", None]:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_release_assignment_type_0 = (
                    ReleaseAssignmentType0.from_dict(data)
                )

                return componentsschemas_release_assignment_type_0
            except:  # noqa: E722
                pass
            return cast(Union["ReleaseAssignmentType0", None], data)

        release = _parse_release(d.pop("release"))

        slug = d.pop("slug")

        version_id = UUID(d.pop("versionId"))

        version_number = d.pop("versionNumber")

        environment = d.pop("environment")

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = ChatMessage.from_dict(messages_item_data)

            messages.append(messages_item)

        model = d.pop("model")

        temperature = d.pop("temperature")

        def _parse_max_tokens(data: object) -> Union[None, int]:
            if data is None:
                return data
            return cast(Union[None, int], data)

        max_tokens = _parse_max_tokens(d.pop("maxTokens"))

        metadata = RenderedPromptMetadata.from_dict(d.pop("metadata"))

        tools = []
        _tools = d.pop("tools")
        for tools_item_data in _tools:
            tools_item = Tool.from_dict(tools_item_data)

            tools.append(tools_item)

        def _parse_response_format(data: object) -> Union["ResponseFormatType0", None]:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_response_format_type_0 = (
                    ResponseFormatType0.from_dict(data)
                )

                return componentsschemas_response_format_type_0
            except:  # noqa: E722
                pass
            return cast(Union["ResponseFormatType0", None], data)

        response_format = _parse_response_format(d.pop("responseFormat"))

        model_parameters = ModelParameters.from_dict(d.pop("modelParameters"))

        def _parse_provider(data: object) -> Union[None, str]:
            if data is None:
                return data
            return cast(Union[None, str], data)

        provider = _parse_provider(d.pop("provider"))

        format_ = RenderedPromptFormat(d.pop("format"))

        warnings = cast(list[str], d.pop("warnings"))

        def _parse_tool_choice(
            data: object,
        ) -> Union["NamedToolChoice", ToolChoiceType0, Unset]:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_tool_choice_type_0 = ToolChoiceType0(data)

                return componentsschemas_tool_choice_type_0
            except:  # noqa: E722
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_tool_choice_type_1 = NamedToolChoice.from_dict(data)

            return componentsschemas_tool_choice_type_1

        tool_choice = _parse_tool_choice(d.pop("toolChoice", UNSET))

        _request = d.pop("request", UNSET)
        request: Union[Unset, RenderedPromptRequest]
        if isinstance(_request, Unset):
            request = UNSET
        else:
            request = RenderedPromptRequest.from_dict(_request)

        rendered_prompt = cls(
            release=release,
            slug=slug,
            version_id=version_id,
            version_number=version_number,
            environment=environment,
            messages=messages,
            model=model,
            temperature=temperature,
            max_tokens=max_tokens,
            metadata=metadata,
            tools=tools,
            response_format=response_format,
            model_parameters=model_parameters,
            provider=provider,
            format_=format_,
            warnings=warnings,
            tool_choice=tool_choice,
            request=request,
        )

        rendered_prompt.additional_properties = d
        return rendered_prompt

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
