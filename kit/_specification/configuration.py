"""The configuration a scenario starts from: the deployment, and master data drawn from the
template of ``fixtures/master_data.toml``, which the scenario's Given steps may change.

The draw varies whatever an implementation could otherwise hard-code: number sequence formats
and next numbers, customer group codes and which group is the prospect customer group, item
numbers. It is seeded by a key (for a scenario run: the run seed, the scenario's id and its test's
parameters), so the same key draws the same master data in any process.
"""

from __future__ import annotations

import random
import string
import tomllib
from functools import cache
from typing import Any

from p2c_kit._contract.adapter import Configuration, Deployment
from p2c_kit._contract.numbers import sequence_setup
from p2c_kit._resources import fixtures_dir

#: How long a number format's run of ``#`` is drawn.
DIGITS = (4, 8)
#: How many numbers a drawn SCM sequence can issue after its next number, at least.
ROOM = 1_000
#: How many customer groups are drawn.
CUSTOMER_GROUPS = (3, 5)
#: Around the run of ``#``: a separator after the prefix, and sometimes text after the run.
SEPARATORS = ("-", "/", "")
SUFFIXES = ("", "", "-X", "-A", "/Z")


@cache
def _template() -> dict[str, Any]:
    with (fixtures_dir() / "master_data.toml").open("rb") as file:
        return tomllib.load(file)


def configuration(deployment: Deployment, key: str = "") -> Configuration:
    """A fresh, mutable configuration: ``deployment`` and the master data drawn for ``key``."""
    template = _template()
    draw = random.Random(key)
    scm_sequences = template["scm"]["number_sequences"]
    autonumbers = template["sales"]["autonumbers"]
    # every number format starts with a letter of its own: no two sequences issue the same number
    initials = iter(draw.sample(string.ascii_uppercase, len(scm_sequences) + len(autonumbers) + 1))
    sequences = {name: _sequence(draw, next(initials)) for name in scm_sequences}
    sales_formats = {name: _number_format(draw, next(initials)) for name in autonumbers}
    groups = _customer_groups(draw, template["scm"]["customer_group_descriptions"])
    item_initial = next(initials)
    item_numbers = draw.sample(range(1, 10_000), len(template["items"]))
    return {
        "deployment": deployment,
        "scm": {
            "number_sequences": sequences,
            "customer_groups": groups,
            "sales_and_marketing_parameters": {
                "prospect_customer_group": draw.choice(groups)["code"]
            },
            "customers": [],
        },
        "sales": {"autonumbers": sales_formats},
        "items": [
            {"number": f"{item_initial}{number:04d}", "name": item["name"]}
            for number, item in zip(item_numbers, template["items"], strict=True)
        ],
    }


def _number_format(draw: random.Random, initial: str) -> str:
    prefix = initial + "".join(draw.choices(string.ascii_uppercase, k=draw.randint(0, 2)))
    run = "#" * draw.randint(*DIGITS)
    return prefix + draw.choice(SEPARATORS) + run + draw.choice(SUFFIXES)


def _sequence(draw: random.Random, initial: str) -> dict[str, Any]:
    number_format = _number_format(draw, initial)
    return sequence_setup(number_format, draw.randint(1, 10 ** number_format.count("#") - ROOM))


def _customer_groups(draw: random.Random, descriptions: list[str]) -> list[dict[str, str]]:
    count = draw.randint(*CUSTOMER_GROUPS)
    codes: set[str] = set()
    while len(codes) < count:  # numeric codes like "20" or letter codes like "DOM", mixed
        codes.add(
            str(draw.randint(10, 99))
            if draw.random() < 0.5
            else "".join(draw.choices(string.ascii_uppercase, k=3))
        )
    return [
        {"code": code, "description": description}
        for code, description in zip(
            draw.sample(sorted(codes), count), draw.sample(descriptions, count), strict=True
        )
    ]


def free_initials(configuration: Configuration) -> list[str]:
    """The letters no SCM number sequence's format starts with: a number that starts with one of
    them is never one an SCM sequence issues (an account number a user chooses in Sales)."""
    sequences = configuration["scm"]["number_sequences"].values()
    taken = {sequence["format"][:1] for sequence in sequences}
    return [letter for letter in string.ascii_uppercase if letter not in taken]
