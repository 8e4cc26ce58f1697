"""The reference on a file survives SIGKILL: a process killed at a random point of a long
lifecycle loses no committed action and leaves none half done.

``P2C_KILLS`` sets how many times the child is killed (default 5; the long run uses 100).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from p2c_reference import ReferenceAdapter

LIFECYCLE = """
import sys
from p2c_kit._specification.configuration import configuration
from p2c_reference import ReferenceAdapter

adapter = ReferenceAdapter(database=sys.argv[1])
adapter.reset(configuration("gab"))
print("ready", flush=True)
address = {"street": "1 Main St", "city": "Oslo", "postal_code": "0150", "country_region": "NO"}
for n in range(100000):
    number = adapter.scm_create_prospect(party_type="organization", name=f"P{n}")["number"]
    print("created", number, flush=True)
    adapter.scm_add_address(number=number, roles=["delivery"], address=address)
    print("addressed", number, flush=True)
    adapter.scm_convert_prospect(number=number)
    print("converted", number, flush=True)
"""


def kill_at_random(path: Path, rng: random.Random) -> list[tuple[str, str]]:
    """Run the lifecycle, SIGKILL it at a random moment; the actions it reported committed."""
    child = subprocess.Popen(
        [sys.executable, "-c", LIFECYCLE, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    time.sleep(rng.uniform(0, 0.4))
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    return [tuple(line.split()) for line in child.stdout.read().splitlines()]  # type: ignore[misc]


def test_a_killed_process_loses_no_committed_action_and_leaves_none_half_done(tmp_path):
    rng = random.Random(int(os.environ.get("P2C_KILL_SEED", "0")))
    for kill in range(int(os.environ.get("P2C_KILLS", "5"))):
        path = tmp_path / f"store-{kill}.sqlite"
        reported = kill_at_random(path, rng)
        adapter = ReferenceAdapter(database=str(path))
        scm, sales = adapter.query("scm"), adapter.query("sales")
        adapter.stop()
        relations = {r["number"]: r for r in scm["business_relations"]}
        customers = {c["account"] for c in scm["customers"]}
        accounts = {a["number"]: a for a in sales["accounts"]}
        for what, number in reported:  # committed before it was printed: it must all be there
            assert number in relations and number in accounts, (kill, what, number)
            if what == "addressed":
                record = relations[number]["addresses"] or []
                assert record or number in customers, (kill, number)
            if what == "converted":
                assert number in customers and relations[number]["retired"], (kill, number)
        for number, relation in relations.items():  # nothing half done, reported or not
            assert number in accounts, (kill, "prospect without its Sales account", number)
            converted = number in customers
            assert relation["retired"] == converted, (kill, number)
            assert (accounts[number]["relationship_type"] == "customer") == converted
