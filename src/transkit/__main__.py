"""`python -m transkit`: the same command line as the `transkit` console script."""

from .cli import entry

if __name__ == "__main__":
    entry()
