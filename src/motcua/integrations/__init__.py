"""Integrations at the province's boundary (ADR 0012): the national public service portal
(Cổng Dịch vụ công quốc gia, ``contrib/dvcqg``).

Outbound data leaves through a durable outbox (``models.OutboxMessage``, ``outbox``); inbound
online dossiers enter through the portal's one intake path. Each external system lives in
``contrib/<system>/`` with its settings (environment, off by default), client, field mapping and
a local fake server that speaks the same HTTP/JSON protocol for tests.
"""
