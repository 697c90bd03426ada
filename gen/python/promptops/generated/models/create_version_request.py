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

from ..models.tool_choice_type_0 import ToolChoiceType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_version_request_metadata import CreateVersionRequestMetadata
    from ..models.create_version_request_variables_schema import (
        CreateVersionRequestVariablesSchema,
    )
    from ..models.message import Message
    from ..models.model_parameters import ModelParameters
    from ..models.named_tool_choice import NamedToolChoice
    from ..models.response_format_type_0 import ResponseFormatType0
    from ..models.tool import Tool


T = TypeVar("T", bound="CreateVersionRequest")


@_attrs_define
class CreateVersionRequest:
    """Either `systemPrompt` and `userTemplate` (the reference's shape) or `messages`, not both.
    Every template is parsed (a `{{` that is never closed, an unclosed or mismatched
    section, or a partial naming a prompt or version that does not exist is a 400 with
    its position), every JSON Schema is compiled (a 400 whose field is the JSON pointer of
    the problem), tool names are unique and a named tool choice names one of them, and a
    partial may not include, directly or through others, the prompt itself (409).
    Template text (`systemPrompt`, `userTemplate` and each message's `content`) is stored
    with LF line endings: a CRLF or a lone CR becomes LF before anything else, so the
    version's `contentHash` is that of the LF text.

        Attributes:
            system_prompt (Union[Unset, str]):
            user_template (Union[Unset, str]):
            model (Union[Unset, str]):  Default: 'gpt-4'.
            temperature (Union[Unset, float]):  Default: 0.7.
            max_tokens (Union[Unset, int]):
            metadata (Union[Unset, CreateVersionRequestMetadata]):
            message (Union[Unset, str]): A change note.
            messages (Union[Unset, list['Message']]):
            tools (Union[Unset, list['Tool']]):
            tool_choice (Union['NamedToolChoice', ToolChoiceType0, Unset]): Whether and which tool the model must call:
                `auto`, `none`, `required`, or
                `{"type": "function", "function": {"name": …}}` naming one of the version's tools;
                absent when the version says nothing.
            response_format (Union['ResponseFormatType0', None, Unset]): The output the model must give; `jsonSchema` is
                required with `json_schema` and refused otherwise.
            model_parameters (Union[Unset, ModelParameters]): Sampling settings beside `model`, `temperature` and
                `maxTokens`; empty when none are set.
            provider (Union[Unset, str]):
            variables_schema (Union[Unset, CreateVersionRequestVariablesSchema]): A JSON Schema of the variables (its top
                level an object).
            base_version (Union[Unset, int]): The number of the version this one was made from (0 for a prompt with none
                yet):
                if the prompt's newest version is another, the create is refused with 409
                `VERSION_CONFLICT` (`details.baseVersion`, `details.latestVersion`). Not part of
                the version's content: it is neither stored nor hashed.
    """

    system_prompt: Union[Unset, str] = UNSET
    user_template: Union[Unset, str] = UNSET
    model: Union[Unset, str] = "gpt-4"
    temperature: Union[Unset, float] = 0.7
    max_tokens: Union[Unset, int] = UNSET
    metadata: Union[Unset, "CreateVersionRequestMetadata"] = UNSET
    message: Union[Unset, str] = UNSET
    messages: Union[Unset, list["Message"]] = UNSET
    tools: Union[Unset, list["Tool"]] = UNSET
    tool_choice: Union["NamedToolChoice", ToolChoiceType0, Unset] = UNSET
    response_format: Union["ResponseFormatType0", None, Unset] = UNSET
    model_parameters: Union[Unset, "ModelParameters"] = UNSET
    provider: Union[Unset, str] = UNSET
    variables_schema: Union[Unset, "CreateVersionRequestVariablesSchema"] = UNSET
    base_version: Union[Unset, int] = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_version_request_metadata import (
            CreateVersionRequestMetadata,
        )
        from ..models.create_version_request_variables_schema import (
            CreateVersionRequestVariablesSchema,
        )
        from ..models.message import Message
        from ..models.model_parameters import ModelParameters
        from ..models.named_tool_choice import NamedToolChoice
        from ..models.response_format_type_0 import ResponseFormatType0
        from ..models.tool import Tool

        system_prompt = self.system_prompt

        user_template = self.user_template

        model = self.model

        temperature = self.temperature

        max_tokens = self.max_tokens

        metadata: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        message = self.message

        messages: Union[Unset, list[dict[str, Any]]] = UNSET
        if not isinstance(self.messages, Unset):
            messages = []
            for messages_item_data in self.messages:
                messages_item = messages_item_data.to_dict()
                messages.append(messages_item)

        tools: Union[Unset, list[dict[str, Any]]] = UNSET
        if not isinstance(self.tools, Unset):
            tools = []
            for tools_item_data in self.tools:
                tools_item = tools_item_data.to_dict()
                tools.append(tools_item)

        tool_choice: Union[Unset, dict[str, Any], str]
        if isinstance(self.tool_choice, Unset):
            tool_choice = UNSET
        elif isinstance(self.tool_choice, ToolChoiceType0):
            tool_choice = self.tool_choice.value
        else:
            tool_choice = self.tool_choice.to_dict()

        response_format: Union[None, Unset, dict[str, Any]]
        if isinstance(self.response_format, Unset):
            response_format = UNSET
        elif isinstance(self.response_format, ResponseFormatType0):
            response_format = self.response_format.to_dict()
        else:
            response_format = self.response_format

        model_parameters: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.model_parameters, Unset):
            model_parameters = self.model_parameters.to_dict()

        provider = self.provider

        variables_schema: Union[Unset, dict[str, Any]] = UNSET
        if not isinstance(self.variables_schema, Unset):
            variables_schema = self.variables_schema.to_dict()

        base_version = self.base_version

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if system_prompt is not UNSET:
            field_dict["systemPrompt"] = system_prompt
        if user_template is not UNSET:
            field_dict["userTemplate"] = user_template
        if model is not UNSET:
            field_dict["model"] = model
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if max_tokens is not UNSET:
            field_dict["maxTokens"] = max_tokens
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if message is not UNSET:
            field_dict["message"] = message
        if messages is not UNSET:
            field_dict["messages"] = messages
        if tools is not UNSET:
            field_dict["tools"] = tools
        if tool_choice is not UNSET:
            field_dict["toolChoice"] = tool_choice
        if response_format is not UNSET:
            field_dict["responseFormat"] = response_format
        if model_parameters is not UNSET:
            field_dict["modelParameters"] = model_parameters
        if provider is not UNSET:
            field_dict["provider"] = provider
        if variables_schema is not UNSET:
            field_dict["variablesSchema"] = variables_schema
        if base_version is not UNSET:
            field_dict["baseVersion"] = base_version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_version_request_metadata import (
            CreateVersionRequestMetadata,
        )
        from ..models.create_version_request_variables_schema import (
            CreateVersionRequestVariablesSchema,
        )
        from ..models.message import Message
        from ..models.model_parameters import ModelParameters
        from ..models.named_tool_choice import NamedToolChoice
        from ..models.response_format_type_0 import ResponseFormatType0
        from ..models.tool import Tool

        d = dict(src_dict)
        system_prompt = d.pop("systemPrompt", UNSET)

        user_template = d.pop("userTemplate", UNSET)

        model = d.pop("model", UNSET)

        temperature = d.pop("temperature", UNSET)

        max_tokens = d.pop("maxTokens", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: Union[Unset, CreateVersionRequestMetadata]
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = CreateVersionRequestMetadata.from_dict(_metadata)

        message = d.pop("message", UNSET)

        messages = []
        _messages = d.pop("messages", UNSET)
        for messages_item_data in _messages or []:
            messages_item = Message.from_dict(messages_item_data)

            messages.append(messages_item)

        tools = []
        _tools = d.pop("tools", UNSET)
        for tools_item_data in _tools or []:
            tools_item = Tool.from_dict(tools_item_data)

            tools.append(tools_item)

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

        def _parse_response_format(
            data: object,
        ) -> Union["ResponseFormatType0", None, Unset]:
            if data is None:
                return data
            if isinstance(data, Unset):
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
            return cast(Union["ResponseFormatType0", None, Unset], data)

        response_format = _parse_response_format(d.pop("responseFormat", UNSET))

        _model_parameters = d.pop("modelParameters", UNSET)
        model_parameters: Union[Unset, ModelParameters]
        if isinstance(_model_parameters, Unset):
            model_parameters = UNSET
        else:
            model_parameters = ModelParameters.from_dict(_model_parameters)

        provider = d.pop("provider", UNSET)

        _variables_schema = d.pop("variablesSchema", UNSET)
        variables_schema: Union[Unset, CreateVersionRequestVariablesSchema]
        if isinstance(_variables_schema, Unset):
            variables_schema = UNSET
        else:
            variables_schema = CreateVersionRequestVariablesSchema.from_dict(
                _variables_schema
            )

        base_version = d.pop("baseVersion", UNSET)

        create_version_request = cls(
            system_prompt=system_prompt,
            user_template=user_template,
            model=model,
            temperature=temperature,
            max_tokens=max_tokens,
            metadata=metadata,
            message=message,
            messages=messages,
            tools=tools,
            tool_choice=tool_choice,
            response_format=response_format,
            model_parameters=model_parameters,
            provider=provider,
            variables_schema=variables_schema,
            base_version=base_version,
        )

        return create_version_request
