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

from ..models.tool_choice_type_0 import ToolChoiceType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message import Message
    from ..models.model_parameters import ModelParameters
    from ..models.named_tool_choice import NamedToolChoice
    from ..models.partial_ref import PartialRef
    from ..models.release_assignment_type_0 import ReleaseAssignmentType0
    from ..models.resolved_prompt_metadata import ResolvedPromptMetadata
    from ..models.resolved_prompt_variables_schema_type_0 import (
        ResolvedPromptVariablesSchemaType0,
    )
    from ..models.response_format_type_0 import ResponseFormatType0
    from ..models.tool import Tool


T = TypeVar("T", bound="ResolvedPrompt")


@_attrs_define
class ResolvedPrompt:
    """The resolved version holds a whole LLM call. Every version has both views of its text:
    `messages`, and `systemPrompt`/`userTemplate`. A version created with `systemPrompt` +
    `userTemplate` has the messages `[system, user]`; one created with `messages` has as
    `systemPrompt` its system and developer messages joined by a blank line, and as
    `userTemplate` its last user message (empty when it has none).
    `partials` lists the partials its templates include, with the version of each live in
    the key's environment (or pinned); with `compose=true` the templates come with them
    expanded.

        Attributes:
            release (Union['ReleaseAssignmentType0', None]): The rolling release an answer comes from and the subject's
                variant in it; null outside a release.
            slug (str):
            version_number (int):
            system_prompt (str):
            user_template (str):
            model (str):
            temperature (float):
            max_tokens (Union[None, int]):
            metadata (ResolvedPromptMetadata):
            version_id (UUID):
            environment (str): An environment of the project, by name: `dev`, `staging` and `production` always
                exist, and a project may add others (`POST /api/v1/environments`). A name the project
                has no environment of is a 400 `VALIDATION_ERROR` naming the field (`no environment
                "x" in this project`), and changes nothing.
                 Example: production.
            variables (list[str]): The top-level names a render of this version reads: the version's own (as the
                version lists them) and those of the partials its templates include as they
                resolve here, each once, in order of first use, a partial's names taking the place
                of its tag. A partial inside a section (`{{#items}}…{{/items}}`) reads the
                section's items and adds none.
            messages (list['Message']):
            tools (list['Tool']): Functions the model may call; empty when there are none.
            response_format (Union['ResponseFormatType0', None]): The output the model must give; `jsonSchema` is required
                with `json_schema` and refused otherwise.
            model_parameters (ModelParameters): Sampling settings beside `model`, `temperature` and `maxTokens`; empty when
                none are set.
            provider (Union[None, str]): Free text naming the provider the version is written for, such as `openai` or
                `anthropic`.
            variables_schema (Union['ResolvedPromptVariablesSchemaType0', None]): A JSON Schema (an object) that render
                checks the variables against.
            content_hash (str): `sha256:` and the hex SHA-256 of the version's canonical content (messages, tools,
                tool choice, response format, model, temperature, max tokens, model parameters,
                provider, variables schema and metadata, as JSON with sorted keys); not of ids,
                numbers, times or the change note. Two versions that say the same thing have the
                same hash.
                 Example: sha256:5d41402abc4b2a76b9719d911017c592ae1b2ad8c1f8e7b4e4c5e9b3d1d0f2a1.
            partials (list['PartialRef']):
            tool_choice (Union['NamedToolChoice', ToolChoiceType0, Unset]): Whether and which tool the model must call:
                `auto`, `none`, `required`, or
                `{"type": "function", "function": {"name": …}}` naming one of the version's tools;
                absent when the version says nothing.
    """

    release: Union["ReleaseAssignmentType0", None]
    slug: str
    version_number: int
    system_prompt: str
    user_template: str
    model: str
    temperature: float
    max_tokens: Union[None, int]
    metadata: "ResolvedPromptMetadata"
    version_id: UUID
    environment: str
    variables: list[str]
    messages: list["Message"]
    tools: list["Tool"]
    response_format: Union["ResponseFormatType0", None]
    model_parameters: "ModelParameters"
    provider: Union[None, str]
    variables_schema: Union["ResolvedPromptVariablesSchemaType0", None]
    content_hash: str
    partials: list["PartialRef"]
    tool_choice: Union["NamedToolChoice", ToolChoiceType0, Unset] = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.message import Message
        from ..models.model_parameters import ModelParameters
        from ..models.named_tool_choice import NamedToolChoice
        from ..models.partial_ref import PartialRef
        from ..models.release_assignment_type_0 import ReleaseAssignmentType0
        from ..models.resolved_prompt_metadata import ResolvedPromptMetadata
        from ..models.resolved_prompt_variables_schema_type_0 import (
            ResolvedPromptVariablesSchemaType0,
        )
        from ..models.response_format_type_0 import ResponseFormatType0
        from ..models.tool import Tool

        release: Union[None, dict[str, Any]]
        if isinstance(self.release, ReleaseAssignmentType0):
            release = self.release.to_dict()
        else:
            release = self.release

        slug = self.slug

        version_number = self.version_number

        system_prompt = self.system_prompt

        user_template = self.user_template

        model = self.model

        temperature = self.temperature

        max_tokens: Union[None, int]
        max_tokens = self.max_tokens

        metadata = self.metadata.to_dict()

        version_id = str(self.version_id)

        environment = self.environment

        variables = self.variables

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

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

        variables_schema: Union[None, dict[str, Any]]
        if isinstance(self.variables_schema, ResolvedPromptVariablesSchemaType0):
            variables_schema = self.variables_schema.to_dict()
        else:
            variables_schema = self.variables_schema

        content_hash = self.content_hash

        partials = []
        for partials_item_data in self.partials:
            partials_item = partials_item_data.to_dict()
            partials.append(partials_item)

        tool_choice: Union[Unset, dict[str, Any], str]
        if isinstance(self.tool_choice, Unset):
            tool_choice = UNSET
        elif isinstance(self.tool_choice, ToolChoiceType0):
            tool_choice = self.tool_choice.value
        else:
            tool_choice = self.tool_choice.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "release": release,
                "slug": slug,
                "versionNumber": version_number,
                "systemPrompt": system_prompt,
                "userTemplate": user_template,
                "model": model,
                "temperature": temperature,
                "maxTokens": max_tokens,
                "metadata": metadata,
                "versionId": version_id,
                "environment": environment,
                "variables": variables,
                "messages": messages,
                "tools": tools,
                "responseFormat": response_format,
                "modelParameters": model_parameters,
                "provider": provider,
                "variablesSchema": variables_schema,
                "contentHash": content_hash,
                "partials": partials,
            }
        )
        if tool_choice is not UNSET:
            field_dict["toolChoice"] = tool_choice

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message import Message
        from ..models.model_parameters import ModelParameters
        from ..models.named_tool_choice import NamedToolChoice
        from ..models.partial_ref import PartialRef
        from ..models.release_assignment_type_0 import ReleaseAssignmentType0
        from ..models.resolved_prompt_metadata import ResolvedPromptMetadata
        from ..models.resolved_prompt_variables_schema_type_0 import (
            ResolvedPromptVariablesSchemaType0,
        )
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

        version_number = d.pop("versionNumber")

        system_prompt = d.pop("systemPrompt")

        user_template = d.pop("userTemplate")

        model = d.pop("model")

        temperature = d.pop("temperature")

        def _parse_max_tokens(data: object) -> Union[None, int]:
            if data is None:
                return data
            return cast(Union[None, int], data)

        max_tokens = _parse_max_tokens(d.pop("maxTokens"))

        metadata = ResolvedPromptMetadata.from_dict(d.pop("metadata"))

        version_id = UUID(d.pop("versionId"))

        environment = d.pop("environment")

        variables = cast(list[str], d.pop("variables"))

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = Message.from_dict(messages_item_data)

            messages.append(messages_item)

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

        def _parse_variables_schema(
            data: object,
        ) -> Union["ResolvedPromptVariablesSchemaType0", None]:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                variables_schema_type_0 = ResolvedPromptVariablesSchemaType0.from_dict(
                    data
                )

                return variables_schema_type_0
            except:  # noqa: E722
                pass
            return cast(Union["ResolvedPromptVariablesSchemaType0", None], data)

        variables_schema = _parse_variables_schema(d.pop("variablesSchema"))

        content_hash = d.pop("contentHash")

        partials = []
        _partials = d.pop("partials")
        for partials_item_data in _partials:
            partials_item = PartialRef.from_dict(partials_item_data)

            partials.append(partials_item)

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

        resolved_prompt = cls(
            release=release,
            slug=slug,
            version_number=version_number,
            system_prompt=system_prompt,
            user_template=user_template,
            model=model,
            temperature=temperature,
            max_tokens=max_tokens,
            metadata=metadata,
            version_id=version_id,
            environment=environment,
            variables=variables,
            messages=messages,
            tools=tools,
            response_format=response_format,
            model_parameters=model_parameters,
            provider=provider,
            variables_schema=variables_schema,
            content_hash=content_hash,
            partials=partials,
            tool_choice=tool_choice,
        )

        resolved_prompt.additional_properties = d
        return resolved_prompt

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
