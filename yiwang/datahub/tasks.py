"""Background work of the data hub (found by core.schedule's autodiscovery of `tasks` modules)."""

from yiwang.datahub.sharing_tasks import escalate_overdue_share_requests, purge_gateway_nonces  # noqa: F401
