"""transkit: keep translated editions of articles in step with the English, through gettext PO files."""

__version__ = "0.1.0"
