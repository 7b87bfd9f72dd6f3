"""speedlab: the runner that times every language's harness the same way."""

__version__ = "0.1.0"
