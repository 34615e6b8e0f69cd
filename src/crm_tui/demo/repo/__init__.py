"""The demo's queries and rules, one module per resource.

Functions take a ``Ctx`` and the request's pydantic body, and return ``api.models``
records or raise a ``DemoError``.  They know SQL and the CRM's rules, not HTTP.
"""
