"""PromptOps for Python: prompts resolved from a PromptOps server, kept current, rendered locally.

    from promptops import PromptOps
    po = PromptOps()  # PROMPTOPS_URL, PROMPTOPS_API_KEY
    prompt = po.get_prompt("welcome-email", fallback={"systemPrompt": "…", "userTemplate": "Hello {{userName}}!"})
    openai.chat.completions.create(**prompt.to_openai_chat({"userName": "Ada"}))

The whole API is in promptops.generated (generated from the OpenAPI document; po.api is its
authenticated client).
"""

from promptops._tracker import TrackStats
from promptops.client import AsyncPromptOps, PromptOps
from promptops.contenthash import content_hash
from promptops.errors import PromptOpsError
from promptops.prompt import Prompt, Rendered
from promptops.webhooks import WebhookVerificationError
from promptops.webhooks import verify as verify_webhook

__all__ = [
    "AsyncPromptOps",
    "Prompt",
    "PromptOps",
    "PromptOpsError",
    "Rendered",
    "TrackStats",
    "WebhookVerificationError",
    "content_hash",
    "verify_webhook",
]
__version__ = "1.0.0"
