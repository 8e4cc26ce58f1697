"""Binds every scenario of the specification's features to a pytest test.

Run it with ``p2c certify``, or ``pytest --pyargs p2c_kit.conformance --p2c-adapter
module:factory``.
"""

import pytest
from pytest_bdd import scenarios

from p2c_kit._specification.features import feature_files

# The step definitions: pytest-bdd makes each a fixture of the module that defines it, and a
# module loaded as a plugin gives its fixtures to every test.
pytest_plugins = ["p2c_kit.steps"]

# Requesting the deployment marks these tests as the specification's scenarios for the plugin;
# requesting the seed lets a certification run parametrize it.
pytestmark = pytest.mark.usefixtures("p2c_deployment", "p2c_seed")

# the specification's features, and any a run adds (p2c certify --features)
scenarios(*(str(path) for path in feature_files()))
