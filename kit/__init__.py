"""p2c-kit: the executable specification and conformance kit for prospect-to-cash between
Dynamics 365 Sales and Dynamics 365 Supply Chain Management.

The supported API is what ``__all__`` lists: the adapter contract (:class:`Adapter` and its shapes),
the kit's exceptions, where the features live, and schema validation for implementers.
"""

from p2c_kit._contract.adapter import (
    ACTIONS,
    CAPABILITIES,
    Adapter,
    Address,
    Configuration,
    Deployment,
    Implementation,
    QuoteLine,
    System,
)
from p2c_kit._contract.errors import (
    ContractError,
    HarnessError,
    KitError,
    Refused,
    Skipped,
    UsageError,
)
from p2c_kit._contract.numbers import render_number
from p2c_kit._contract.schemas import CONTRACT_VERSION, schema_errors
from p2c_kit._resources import features_dir, fixtures_dir

#: The kit's version: the package's, read from here by the build (pyproject.toml).
__version__ = "0.3.0"

#: The version of the specification the features encode (the source document's date).
SPEC_VERSION = "2024.03.19"

__all__ = [
    "ACTIONS",
    "CAPABILITIES",
    "CONTRACT_VERSION",
    "SPEC_VERSION",
    "Adapter",
    "Address",
    "Configuration",
    "ContractError",
    "Deployment",
    "HarnessError",
    "Implementation",
    "KitError",
    "QuoteLine",
    "Refused",
    "Skipped",
    "System",
    "UsageError",
    "__version__",
    "features_dir",
    "fixtures_dir",
    "render_number",
    "schema_errors",
]
