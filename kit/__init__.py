"""p2c-kit: the executable specification and conformance kit for prospect-to-cash between
Dynamics 365 Sales and Dynamics 365 Supply Chain Management.

The supported API is what ``__all__`` lists: the adapter contract (:class:`Adapter` and its shapes),
the kit's exceptions, where the features live, and schema validation for implementers.
"""

from importlib.metadata import PackageNotFoundError, version

from kit._contract import (
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
from kit._errors import ContractError, HarnessError, KitError, Refused, Skipped, UsageError
from kit._numbers import render_number
from kit._resources import features_dir, fixtures_dir
from kit._schemas import CONTRACT_VERSION, schema_errors

try:
    __version__ = version("p2c-kit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

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
