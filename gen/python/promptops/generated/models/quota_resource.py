from enum import Enum


class QuotaResource(str, Enum):
    ANALYTICSBYTES = "analyticsBytes"
    APIKEYS = "apiKeys"
    CHECKS = "checks"
    CONNECTIONS = "connections"
    ENVIRONMENTS = "environments"
    IDEMPOTENCYBYTES = "idempotencyBytes"
    INVITATIONS = "invitations"
    MEMBERSHIPS = "memberships"
    PERSONALTOKENS = "personalTokens"
    PROMPTS = "prompts"
    VERSIONS = "versions"
    WEBHOOKS = "webhooks"

    def __str__(self) -> str:
        return str(self.value)
