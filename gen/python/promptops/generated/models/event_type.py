from enum import Enum


class EventType(str, Enum):
    APIKEY_CREATED = "apikey.created"
    APIKEY_REVOKED = "apikey.revoked"
    DEPLOYMENT_PROMOTED = "deployment.promoted"
    DEPLOYMENT_ROLLED_BACK = "deployment.rolled_back"
    DEPLOYMENT_UNDEPLOYED = "deployment.undeployed"
    ENVIRONMENT_CREATED = "environment.created"
    ENVIRONMENT_UPDATED = "environment.updated"
    INVITATION_CREATED = "invitation.created"
    MEMBER_ADDED = "member.added"
    MEMBER_REMOVED = "member.removed"
    MEMBER_UPDATED = "member.updated"
    PROJECT_CREATED = "project.created"
    PROJECT_UPDATED = "project.updated"
    PROMPT_CREATED = "prompt.created"
    PROMPT_DELETED = "prompt.deleted"
    PROMPT_DEPENDENCY_CHANGED = "prompt.dependency_changed"
    PROMPT_UPDATED = "prompt.updated"
    RELEASE_ADVANCED = "release.advanced"
    RELEASE_APPROVED = "release.approved"
    RELEASE_CANCELLED = "release.cancelled"
    RELEASE_COMPLETED = "release.completed"
    RELEASE_CREATED = "release.created"
    RELEASE_REJECTED = "release.rejected"
    RELEASE_ROLLED_BACK = "release.rolled_back"
    RELEASE_STARTED = "release.started"
    VERSION_CHECK_REPORTED = "version.check_reported"
    VERSION_CREATED = "version.created"
    WEBHOOK_CREATED = "webhook.created"
    WEBHOOK_DELETED = "webhook.deleted"
    WEBHOOK_SECRET_ROTATED = "webhook.secret_rotated"
    WEBHOOK_UPDATED = "webhook.updated"

    def __str__(self) -> str:
        return str(self.value)
