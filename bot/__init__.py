"""A Discord bot that reads professional-ethics hypotheticals about dual
relationships and answers with templated guidance that shows its evidence."""

__version__ = "0.1.0"
