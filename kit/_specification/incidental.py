"""Incidental data: the names and addresses no check depends on, drawn from a seeded Faker."""

from __future__ import annotations

import hashlib

from faker import Faker

from p2c_kit._contract.adapter import Address


def address(fake: Faker) -> Address:
    return {
        "street": fake.street_address(),
        "city": fake.city(),
        "postal_code": fake.postcode(),
        "country_region": fake.country_code(),
    }


def person(fake: Faker) -> dict[str, str]:
    return {"first_name": fake.first_name(), "last_name": fake.last_name()}


def seed(fake: Faker, key: str) -> Faker:
    """Seed ``fake`` by ``key``: the same key draws the same data in any process."""
    digest = hashlib.sha256(key.encode()).digest()
    fake.seed_instance(int.from_bytes(digest[:8], "big"))
    return fake
