"""The specification as a pytest test module: ``pytest --pyargs kit.conformance``."""
