"""The master data each scenario run draws: valid, varied by the seed, reproducible, and never
overlapping where the document requires it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from p2c_kit import Configuration, render_number, schema_errors
from p2c_kit._contract.numbers import parse_number, segments, widened
from p2c_kit._specification.configuration import ROOM, configuration, free_initials
from p2c_reference import ReferenceAdapter

P2C = str(Path(sys.executable).parent / "p2c")
TESTS = Path(__file__).resolve().parent
KEYS = [f"{seed}:p2c_s1_01:gab" for seed in range(200)]


def test_the_same_key_draws_the_same_master_data():
    assert configuration("gab", "7:p2c_s1_01:gab") == configuration("gab", "7:p2c_s1_01:gab")


@pytest.mark.parametrize(
    "varies",
    [
        lambda c: c["scm"]["number_sequences"]["prospect"]["format"],
        lambda c: c["scm"]["number_sequences"]["prospect"]["next"],
        lambda c: c["scm"]["number_sequences"]["customer"]["format"],
        lambda c: c["scm"]["sales_and_marketing_parameters"]["prospect_customer_group"],
        lambda c: [group["code"] for group in c["scm"]["customer_groups"]],
        lambda c: c["sales"]["autonumbers"]["quote"],
        lambda c: c["items"][0]["number"],
    ],
    ids=[
        "prospect format",
        "prospect next",
        "customer format",
        "prospect customer group",
        "customer groups",
        "quote autonumber",
        "items",
    ],
)
def test_what_an_implementation_could_hard_code_differs_from_one_key_to_the_next(varies):
    drawn = [json.dumps(varies(configuration("gab", key))) for key in KEYS]
    assert len(set(drawn)) > len(KEYS) // 4


def test_drawn_formats_sometimes_have_text_after_the_run_of_digits():
    formats = [configuration("gab", key)["scm"]["number_sequences"]["prospect"] for key in KEYS]
    assert any(not sequence["format"].endswith("#") for sequence in formats)
    assert len({sequence["format"].count("#") for sequence in formats}) > 3


@pytest.mark.parametrize("key", KEYS[:50])
def test_drawn_master_data_conforms_to_the_configuration_schema(key):
    assert schema_errors("configuration", configuration("no_gab", key)) == []


def test_the_prospect_and_customer_sequences_never_issue_the_same_number():
    """The document requires that they do not overlap: their formats start differently."""
    for key in KEYS:
        sequences = configuration("gab", key)["scm"]["number_sequences"]
        prospect, customer = sequences["prospect"], sequences["customer"]
        assert prospect["format"][0] != customer["format"][0]
        first = render_number(prospect["format"], prospect["next"])
        assert first is not None and parse_number(customer["format"], first) is None


def test_every_drawn_sequence_has_room_for_a_thousand_more_numbers():
    for key in KEYS:
        for sequence in configuration("gab", key)["scm"]["number_sequences"].values():
            assert render_number(sequence["format"], sequence["next"] + ROOM - 1) is not None


def test_the_prospect_customer_group_is_one_of_several_distinct_groups():
    for key in KEYS:
        scm = configuration("gab", key)["scm"]
        codes = [group["code"] for group in scm["customer_groups"]]
        assert len(codes) == len(set(codes)) >= 3
        assert scm["sales_and_marketing_parameters"]["prospect_customer_group"] in codes


def test_account_numbers_chosen_in_sales_start_unlike_every_scm_number_sequence():
    config = configuration("gab", "3")
    initials = free_initials(config)
    for sequence in config["scm"]["number_sequences"].values():
        assert sequence["format"][0] not in initials
    assert len(initials) == 26 - 4


@pytest.mark.parametrize(
    ("number_format", "value", "number"),
    [("PR-#####", 7, "PR-00007"), ("KD/######-X", 42, "KD/000042-X"), ("Q####", 1234, "Q1234")],
)
def test_numbers_render_and_parse_back(number_format, value, number):
    assert render_number(number_format, value) == number
    assert parse_number(number_format, number) == value


#: Too short, text after the run, another prefix, a letter, Arabic-Indic digits.
OTHER_NUMBERS = [
    "PR-0007",
    "PR-00007-X",
    "QR-00007",
    "PR-0000x",
    "PR-\u0660\u0660\u0660\u0660\u0667",
]


@pytest.mark.parametrize("number", OTHER_NUMBERS)
def test_a_number_of_another_format_does_not_parse(number):
    assert parse_number("PR-#####", number) is None


def test_widening_a_format_keeps_the_text_around_its_run_of_digits():
    assert widened("KD/####-X", 6) == "KD/######-X"
    assert widened("KD/########-X", 6) == "KD/########-X"


# -- the same seed, the same master data, serial or parallel -----------------------------------


class _Recording(ReferenceAdapter):
    """The reference, writing every configuration it is reset with to $P2C_RECORD, one a line."""

    def reset(self, configuration: Configuration) -> None:
        with open(os.environ["P2C_RECORD"], "a", encoding="utf-8") as record:
            record.write(json.dumps(configuration, sort_keys=True) + "\n")
        super().reset(configuration)


def recording() -> _Recording:
    return _Recording()


def _configurations(tmp_path: Path, name: str, *args: str) -> list[str]:
    """The configurations of a run's scenarios, as JSON, sorted: in any order, the same."""
    record = tmp_path / name
    subprocess.run(
        [P2C, "certify", "--adapter", f"{Path(__file__).stem}:recording", "-k", "p2c_s1", *args],
        cwd=TESTS,
        env={**os.environ, "P2C_RECORD": str(record)},
        capture_output=True,
        check=True,
    )
    # `-n` smoke-tests the adapter first, with the master data drawn for no scenario
    smoke = {json.dumps(configuration(d), sort_keys=True) for d in ("gab", "no_gab")}
    return sorted(line for line in record.read_text().splitlines() if line not in smoke)


def test_a_parallel_run_gives_every_scenario_the_master_data_of_a_serial_run(tmp_path):
    serial = _configurations(tmp_path, "serial")
    assert serial == _configurations(tmp_path, "parallel", "-n", "2")
    assert serial != _configurations(tmp_path, "seed 1", "--seed", "1")
    # each scenario run draws its own
    sequences = {json.dumps(json.loads(line)["scm"]["number_sequences"]) for line in serial}
    assert len(sequences) == len(serial) > 20


def test_every_number_sequence_comes_with_the_segments_of_its_format():
    """An implementation sets a sequence up from its format or from SCM's segments: the same."""
    for deployment in ("gab", "no_gab"):
        sequences = configuration(deployment, "segments")["scm"]["number_sequences"]
        for sequence in sequences.values():
            rebuilt = "".join(
                str(part["constant"]) if "constant" in part else "#" * int(part["digits"])
                for part in sequence["segments"]
            )
            assert rebuilt == sequence["format"]
    assert segments("KD/####-X") == [{"constant": "KD/"}, {"digits": 4}, {"constant": "-X"}]
    assert segments("####") == [{"digits": 4}]
