"""Whatever an adapter process writes, the protocol reader yields a response or a protocol error:
never another exception, never a pass that was not one."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from p2c_kit import HarnessError, Refused, Skipped
from p2c_kit._transports.stdio import AdapterProcess, _outcome

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
KINDS = st.sampled_from(["result", "refused", "skipped", "errored", "other"])


def read(line: str) -> object:
    """What the kit makes of one line answering the request of seq 1."""
    reader = AdapterProcess("adapter")  # never started: only its reader is exercised
    try:
        return _outcome(reader._parse(line, 1))
    except (HarnessError, Refused, Skipped) as answer:
        return answer


@given(st.binary(max_size=200))
def test_random_bytes_are_a_protocol_error_or_an_answer(data: bytes) -> None:
    outcome = read(data.decode("utf-8", errors="replace"))
    assert isinstance(outcome, (dict, HarnessError, Refused, Skipped))


@given(JSON)
def test_random_json_is_a_protocol_error_or_an_answer(value: object) -> None:
    outcome = read(json.dumps(value))
    assert isinstance(outcome, (dict, HarnessError, Refused, Skipped))


@given(st.one_of(st.just(1), JSON), KINDS, JSON)
def test_random_responses_are_only_taken_for_a_result_when_they_are_one(
    seq: object, kind: str, payload: object
) -> None:
    outcome = read(json.dumps({"seq": seq, kind: payload}))
    well_formed = seq == 1 and type(seq) is int and kind != "other" and isinstance(payload, dict)
    if not well_formed:
        assert isinstance(outcome, HarnessError)
    elif kind == "result":
        assert outcome == payload
