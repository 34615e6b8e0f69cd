"""crm-tui: a keyboard-driven terminal workbench for the Axiomatic CRM."""

__version__ = "0.1.0"
