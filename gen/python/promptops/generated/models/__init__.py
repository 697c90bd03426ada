"""Contains all the data models used in inputs/outputs"""

from .accept_invitation_request import AcceptInvitationRequest
from .actor import Actor
from .actor_type import ActorType
from .add_member_request import AddMemberRequest
from .analytics_event import AnalyticsEvent
from .analytics_event_batch import AnalyticsEventBatch
from .analytics_event_metadata import AnalyticsEventMetadata
from .analytics_event_type import AnalyticsEventType
from .analytics_figures import AnalyticsFigures
from .analytics_interval import AnalyticsInterval
from .analytics_summary import AnalyticsSummary
from .analytics_summary_response import AnalyticsSummaryResponse
from .api_key import ApiKey
from .api_key_item import ApiKeyItem
from .api_key_list_response import ApiKeyListResponse
from .api_key_response import ApiKeyResponse
from .applied_protection import AppliedProtection
from .chat_message import ChatMessage
from .chat_message_role import ChatMessageRole
from .check_status import CheckStatus
from .connection import Connection
from .connection_list_response import ConnectionListResponse
from .connection_provider import ConnectionProvider
from .connection_response import ConnectionResponse
from .create_api_key_request import CreateApiKeyRequest
from .create_connection_request import CreateConnectionRequest
from .create_environment_request import CreateEnvironmentRequest
from .create_invitation_request import CreateInvitationRequest
from .create_project_request import CreateProjectRequest
from .create_prompt_request import CreatePromptRequest
from .create_release_request import CreateReleaseRequest
from .create_token_request import CreateTokenRequest
from .create_version_request import CreateVersionRequest
from .create_version_request_metadata import CreateVersionRequestMetadata
from .create_version_request_variables_schema import CreateVersionRequestVariablesSchema
from .create_webhook_request import CreateWebhookRequest
from .created_api_key import CreatedApiKey
from .created_api_key_response import CreatedApiKeyResponse
from .created_invitation import CreatedInvitation
from .created_invitation_response import CreatedInvitationResponse
from .created_project import CreatedProject
from .created_project_response import CreatedProjectResponse
from .created_prompt_response import CreatedPromptResponse
from .created_token import CreatedToken
from .created_token_response import CreatedTokenResponse
from .created_version_response import CreatedVersionResponse
from .created_webhook import CreatedWebhook
from .created_webhook_response import CreatedWebhookResponse
from .deployment import Deployment
from .deployment_history_entry import DeploymentHistoryEntry
from .deployment_history_entry_action import DeploymentHistoryEntryAction
from .deployment_history_response import DeploymentHistoryResponse
from .deployment_response import DeploymentResponse
from .diff_line import DiffLine
from .diff_line_kind import DiffLineKind
from .diff_span import DiffSpan
from .environment_protection import EnvironmentProtection
from .error import Error
from .error_body import ErrorBody
from .error_code import ErrorCode
from .error_details import ErrorDetails
from .event import Event
from .event_data import EventData
from .event_list_response import EventListResponse
from .event_type import EventType
from .field_diff import FieldDiff
from .field_diff_status import FieldDiffStatus
from .field_problem import FieldProblem
from .figure_change import FigureChange
from .get_open_api_json_response_200 import GetOpenApiJsonResponse200
from .get_prompt_analytics_interval import GetPromptAnalyticsInterval
from .get_prompt_file_schema_response_200 import GetPromptFileSchemaResponse200
from .health import Health
from .health_status import HealthStatus
from .includer import Includer
from .includers_response import IncludersResponse
from .invitation import Invitation
from .invitation_list_response import InvitationListResponse
from .invitation_role import InvitationRole
from .key_requests import KeyRequests
from .list_api_keys_fields_item import ListApiKeysFieldsItem
from .list_api_keys_sort import ListApiKeysSort
from .list_meta import ListMeta
from .list_prompts_fields_item import ListPromptsFieldsItem
from .list_prompts_sort import ListPromptsSort
from .list_versions_sort import ListVersionsSort
from .member import Member
from .member_list_response import MemberListResponse
from .member_response import MemberResponse
from .membership import Membership
from .membership_response import MembershipResponse
from .message import Message
from .message_role import MessageRole
from .model_parameters import ModelParameters
from .model_parameters_reasoning_effort import ModelParametersReasoningEffort
from .named_tool_choice import NamedToolChoice
from .named_tool_choice_function import NamedToolChoiceFunction
from .named_tool_choice_type import NamedToolChoiceType
from .pagination import Pagination
from .partial_ref import PartialRef
from .personal_token import PersonalToken
from .personal_token_list_response import PersonalTokenListResponse
from .personal_token_response import PersonalTokenResponse
from .pointer_change import PointerChange
from .pointer_change_op import PointerChangeOp
from .project import Project
from .project_environment import ProjectEnvironment
from .project_environment_list_response import ProjectEnvironmentListResponse
from .project_environment_response import ProjectEnvironmentResponse
from .project_response import ProjectResponse
from .promote_request import PromoteRequest
from .prompt import Prompt
from .prompt_analytics import PromptAnalytics
from .prompt_analytics_interval import PromptAnalyticsInterval
from .prompt_analytics_response import PromptAnalyticsResponse
from .prompt_detail import PromptDetail
from .prompt_detail_response import PromptDetailResponse
from .prompt_item import PromptItem
from .prompt_list_response import PromptListResponse
from .prompt_response import PromptResponse
from .prompt_totals import PromptTotals
from .quota import Quota
from .quota_resource import QuotaResource
from .rate_limit_window import RateLimitWindow
from .readiness import Readiness
from .readiness_check import ReadinessCheck
from .readiness_checks import ReadinessChecks
from .readiness_status import ReadinessStatus
from .release import Release
from .release_analytics import ReleaseAnalytics
from .release_analytics_figures import ReleaseAnalyticsFigures
from .release_analytics_guard import ReleaseAnalyticsGuard
from .release_analytics_guard_metric import ReleaseAnalyticsGuardMetric
from .release_analytics_guard_verdict import ReleaseAnalyticsGuardVerdict
from .release_analytics_prompt import ReleaseAnalyticsPrompt
from .release_analytics_response import ReleaseAnalyticsResponse
from .release_assignment_type_0 import ReleaseAssignmentType0
from .release_assignment_type_0_variant import ReleaseAssignmentType0Variant
from .release_change import ReleaseChange
from .release_change_request import ReleaseChangeRequest
from .release_guard import ReleaseGuard
from .release_guard_metric import ReleaseGuardMetric
from .release_list_response import ReleaseListResponse
from .release_response import ReleaseResponse
from .release_review import ReleaseReview
from .release_review_decision import ReleaseReviewDecision
from .release_status import ReleaseStatus
from .release_step import ReleaseStep
from .release_strategy import ReleaseStrategy
from .release_strategy_type import ReleaseStrategyType
from .render_request import RenderRequest
from .render_request_format import RenderRequestFormat
from .render_request_variables import RenderRequestVariables
from .rendered_prompt import RenderedPrompt
from .rendered_prompt_format import RenderedPromptFormat
from .rendered_prompt_metadata import RenderedPromptMetadata
from .rendered_prompt_request import RenderedPromptRequest
from .rendered_prompt_response import RenderedPromptResponse
from .report_check_request import ReportCheckRequest
from .resolved_prompt import ResolvedPrompt
from .resolved_prompt_metadata import ResolvedPromptMetadata
from .resolved_prompt_response import ResolvedPromptResponse
from .resolved_prompt_variables_schema_type_0 import ResolvedPromptVariablesSchemaType0
from .resource_usage import ResourceUsage
from .response_format_type_0 import ResponseFormatType0
from .response_format_type_0_type import ResponseFormatType0Type
from .response_json_schema import ResponseJsonSchema
from .response_json_schema_schema import ResponseJsonSchemaSchema
from .review_request import ReviewRequest
from .role import Role
from .rollback_release_request import RollbackReleaseRequest
from .rollback_request import RollbackRequest
from .rotated_webhook import RotatedWebhook
from .rotated_webhook_response import RotatedWebhookResponse
from .run_request import RunRequest
from .run_request_variables import RunRequestVariables
from .run_response import RunResponse
from .run_result import RunResult
from .run_result_raw import RunResultRaw
from .run_usage import RunUsage
from .scope import Scope
from .session import Session
from .session_response import SessionResponse
from .session_type import SessionType
from .sign_in_request import SignInRequest
from .sign_up_request import SignUpRequest
from .signed_in import SignedIn
from .signed_in_response import SignedInResponse
from .snapshot import Snapshot
from .snapshot_partial import SnapshotPartial
from .snapshot_prompt import SnapshotPrompt
from .snapshot_release import SnapshotRelease
from .snapshot_response import SnapshotResponse
from .tool import Tool
from .tool_call import ToolCall
from .tool_choice_type_0 import ToolChoiceType0
from .tool_function import ToolFunction
from .tool_function_parameters import ToolFunctionParameters
from .tool_type import ToolType
from .track_response import TrackResponse
from .track_response_data import TrackResponseData
from .undeploy_request import UndeployRequest
from .undeploy_response import UndeployResponse
from .undeploy_response_data import UndeployResponseData
from .update_connection_request import UpdateConnectionRequest
from .update_environment_request import UpdateEnvironmentRequest
from .update_member_request import UpdateMemberRequest
from .update_project_request import UpdateProjectRequest
from .update_prompt_request import UpdatePromptRequest
from .update_webhook_request import UpdateWebhookRequest
from .usage import Usage
from .usage_day import UsageDay
from .usage_day_by_environment import UsageDayByEnvironment
from .usage_day_environments import UsageDayEnvironments
from .usage_resources import UsageResources
from .usage_response import UsageResponse
from .user import User
from .user_response import UserResponse
from .variable_value_type_4 import VariableValueType4
from .version import Version
from .version_analytics import VersionAnalytics
from .version_calls import VersionCalls
from .version_check import VersionCheck
from .version_check_list_response import VersionCheckListResponse
from .version_check_response import VersionCheckResponse
from .version_comparison import VersionComparison
from .version_comparison_figures import VersionComparisonFigures
from .version_diff import VersionDiff
from .version_diff_response import VersionDiffResponse
from .version_list_response import VersionListResponse
from .version_metadata import VersionMetadata
from .version_response import VersionResponse
from .version_variables_schema_type_0 import VersionVariablesSchemaType0
from .webhook import Webhook
from .webhook_delivery import WebhookDelivery
from .webhook_delivery_attempt import WebhookDeliveryAttempt
from .webhook_delivery_list_response import WebhookDeliveryListResponse
from .webhook_delivery_response import WebhookDeliveryResponse
from .webhook_delivery_status import WebhookDeliveryStatus
from .webhook_event_filter_item import WebhookEventFilterItem
from .webhook_list_response import WebhookListResponse
from .webhook_response import WebhookResponse

__all__ = (
    "AcceptInvitationRequest",
    "Actor",
    "ActorType",
    "AddMemberRequest",
    "AnalyticsEvent",
    "AnalyticsEventBatch",
    "AnalyticsEventMetadata",
    "AnalyticsEventType",
    "AnalyticsFigures",
    "AnalyticsInterval",
    "AnalyticsSummary",
    "AnalyticsSummaryResponse",
    "ApiKey",
    "ApiKeyItem",
    "ApiKeyListResponse",
    "ApiKeyResponse",
    "AppliedProtection",
    "ChatMessage",
    "ChatMessageRole",
    "CheckStatus",
    "Connection",
    "ConnectionListResponse",
    "ConnectionProvider",
    "ConnectionResponse",
    "CreateApiKeyRequest",
    "CreateConnectionRequest",
    "CreatedApiKey",
    "CreatedApiKeyResponse",
    "CreatedInvitation",
    "CreatedInvitationResponse",
    "CreatedProject",
    "CreatedProjectResponse",
    "CreatedPromptResponse",
    "CreatedToken",
    "CreatedTokenResponse",
    "CreatedVersionResponse",
    "CreatedWebhook",
    "CreatedWebhookResponse",
    "CreateEnvironmentRequest",
    "CreateInvitationRequest",
    "CreateProjectRequest",
    "CreatePromptRequest",
    "CreateReleaseRequest",
    "CreateTokenRequest",
    "CreateVersionRequest",
    "CreateVersionRequestMetadata",
    "CreateVersionRequestVariablesSchema",
    "CreateWebhookRequest",
    "Deployment",
    "DeploymentHistoryEntry",
    "DeploymentHistoryEntryAction",
    "DeploymentHistoryResponse",
    "DeploymentResponse",
    "DiffLine",
    "DiffLineKind",
    "DiffSpan",
    "EnvironmentProtection",
    "Error",
    "ErrorBody",
    "ErrorCode",
    "ErrorDetails",
    "Event",
    "EventData",
    "EventListResponse",
    "EventType",
    "FieldDiff",
    "FieldDiffStatus",
    "FieldProblem",
    "FigureChange",
    "GetOpenApiJsonResponse200",
    "GetPromptAnalyticsInterval",
    "GetPromptFileSchemaResponse200",
    "Health",
    "HealthStatus",
    "Includer",
    "IncludersResponse",
    "Invitation",
    "InvitationListResponse",
    "InvitationRole",
    "KeyRequests",
    "ListApiKeysFieldsItem",
    "ListApiKeysSort",
    "ListMeta",
    "ListPromptsFieldsItem",
    "ListPromptsSort",
    "ListVersionsSort",
    "Member",
    "MemberListResponse",
    "MemberResponse",
    "Membership",
    "MembershipResponse",
    "Message",
    "MessageRole",
    "ModelParameters",
    "ModelParametersReasoningEffort",
    "NamedToolChoice",
    "NamedToolChoiceFunction",
    "NamedToolChoiceType",
    "Pagination",
    "PartialRef",
    "PersonalToken",
    "PersonalTokenListResponse",
    "PersonalTokenResponse",
    "PointerChange",
    "PointerChangeOp",
    "Project",
    "ProjectEnvironment",
    "ProjectEnvironmentListResponse",
    "ProjectEnvironmentResponse",
    "ProjectResponse",
    "PromoteRequest",
    "Prompt",
    "PromptAnalytics",
    "PromptAnalyticsInterval",
    "PromptAnalyticsResponse",
    "PromptDetail",
    "PromptDetailResponse",
    "PromptItem",
    "PromptListResponse",
    "PromptResponse",
    "PromptTotals",
    "Quota",
    "QuotaResource",
    "RateLimitWindow",
    "Readiness",
    "ReadinessCheck",
    "ReadinessChecks",
    "ReadinessStatus",
    "Release",
    "ReleaseAnalytics",
    "ReleaseAnalyticsFigures",
    "ReleaseAnalyticsGuard",
    "ReleaseAnalyticsGuardMetric",
    "ReleaseAnalyticsGuardVerdict",
    "ReleaseAnalyticsPrompt",
    "ReleaseAnalyticsResponse",
    "ReleaseAssignmentType0",
    "ReleaseAssignmentType0Variant",
    "ReleaseChange",
    "ReleaseChangeRequest",
    "ReleaseGuard",
    "ReleaseGuardMetric",
    "ReleaseListResponse",
    "ReleaseResponse",
    "ReleaseReview",
    "ReleaseReviewDecision",
    "ReleaseStatus",
    "ReleaseStep",
    "ReleaseStrategy",
    "ReleaseStrategyType",
    "RenderedPrompt",
    "RenderedPromptFormat",
    "RenderedPromptMetadata",
    "RenderedPromptRequest",
    "RenderedPromptResponse",
    "RenderRequest",
    "RenderRequestFormat",
    "RenderRequestVariables",
    "ReportCheckRequest",
    "ResolvedPrompt",
    "ResolvedPromptMetadata",
    "ResolvedPromptResponse",
    "ResolvedPromptVariablesSchemaType0",
    "ResourceUsage",
    "ResponseFormatType0",
    "ResponseFormatType0Type",
    "ResponseJsonSchema",
    "ResponseJsonSchemaSchema",
    "ReviewRequest",
    "Role",
    "RollbackReleaseRequest",
    "RollbackRequest",
    "RotatedWebhook",
    "RotatedWebhookResponse",
    "RunRequest",
    "RunRequestVariables",
    "RunResponse",
    "RunResult",
    "RunResultRaw",
    "RunUsage",
    "Scope",
    "Session",
    "SessionResponse",
    "SessionType",
    "SignedIn",
    "SignedInResponse",
    "SignInRequest",
    "SignUpRequest",
    "Snapshot",
    "SnapshotPartial",
    "SnapshotPrompt",
    "SnapshotRelease",
    "SnapshotResponse",
    "Tool",
    "ToolCall",
    "ToolChoiceType0",
    "ToolFunction",
    "ToolFunctionParameters",
    "ToolType",
    "TrackResponse",
    "TrackResponseData",
    "UndeployRequest",
    "UndeployResponse",
    "UndeployResponseData",
    "UpdateConnectionRequest",
    "UpdateEnvironmentRequest",
    "UpdateMemberRequest",
    "UpdateProjectRequest",
    "UpdatePromptRequest",
    "UpdateWebhookRequest",
    "Usage",
    "UsageDay",
    "UsageDayByEnvironment",
    "UsageDayEnvironments",
    "UsageResources",
    "UsageResponse",
    "User",
    "UserResponse",
    "VariableValueType4",
    "Version",
    "VersionAnalytics",
    "VersionCalls",
    "VersionCheck",
    "VersionCheckListResponse",
    "VersionCheckResponse",
    "VersionComparison",
    "VersionComparisonFigures",
    "VersionDiff",
    "VersionDiffResponse",
    "VersionListResponse",
    "VersionMetadata",
    "VersionResponse",
    "VersionVariablesSchemaType0",
    "Webhook",
    "WebhookDelivery",
    "WebhookDeliveryAttempt",
    "WebhookDeliveryListResponse",
    "WebhookDeliveryResponse",
    "WebhookDeliveryStatus",
    "WebhookEventFilterItem",
    "WebhookListResponse",
    "WebhookResponse",
)
