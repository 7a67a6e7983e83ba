"""transkit: keep translated editions of articles in step with the English, via gettext."""

__version__ = "0.1.0"
