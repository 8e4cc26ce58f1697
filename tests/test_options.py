"""Every option is defined once (``kit/_options.py``): the ``p2c`` commands, the pytest
plugin and the pytest run a command starts all take it from there, so none of them can miss
one or take it otherwise."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from p2c_kit._commands.cli import COMMANDS, build_parser
from p2c_kit._options import OPTIONS, PLUGIN_OPTIONS, Option, pytest_arguments, seconds

#: The installed console script, as a user runs it.
P2C = str(Path(sys.executable).parent / "p2c")
#: pytest's own options a command passes on, by the name pytest keeps each under.
PYTEST_DESTS = {"-k": "keyword", "-m": "markexpr", "-n": "numprocesses"}
#: The commands that run the specification under pytest.
RUN_COMMANDS = ("certify", "verify", "explore")


def squeezed(text: str) -> str:
    """``text`` without its whitespace: help is wrapped wherever it fits."""
    return "".join(text.split())


def help_of(*command: str) -> str:
    result = subprocess.run([P2C, *command, "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def a_value(option: Option) -> list[str]:
    """The command line that gives ``option`` a value other than its default."""
    if option.action == "store_true":
        return [option.flags[0]]
    if option.choices:
        value = next(choice for choice in option.choices if choice != option.default)
    else:
        value = {int: "7", seconds: "3.5", Path: "somewhere/file.json"}.get(option.type, "2")
    return [option.flags[0], value]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_s_handler_is_a_function_of_its_module(command):
    assert callable(COMMANDS[command].load())


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_option_of_a_command_is_in_its_help_with_its_text(command):
    text = help_of(command)
    for option in OPTIONS:
        if command in option.commands and option.flags:
            shown = option.flags if not option.positional else (option.metavar or option.dest,)
            assert all(name in text for name in shown), shown
            assert squeezed(option.help) in squeezed(text), option.dest


def test_every_plugin_option_is_in_pytest_s_help_with_its_text(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "p2c_kit.plugin", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert "p2c-kit conformance:" in result.stdout
    for option in PLUGIN_OPTIONS:
        assert option.pytest in result.stdout, option.pytest
        assert squeezed(option.help) in squeezed(result.stdout), option.pytest


def test_each_plugin_option_is_defined_once_and_every_p2c_option_a_command_passes_is_one():
    defined = [option.pytest for option in PLUGIN_OPTIONS]
    assert len(defined) == len(set(defined))
    passed = {option.pytest for option in OPTIONS if option.pytest}
    assert {name for name in passed if name.startswith("--p2c-")} == set(defined)
    assert passed - set(defined) == set(PYTEST_DESTS)


@pytest.mark.parametrize("command", RUN_COMMANDS)
def test_every_option_a_command_passes_on_reaches_its_pytest_run_with_its_value(
    command, pytester, monkeypatch
):
    """Each option given on the ``p2c`` command line, translated by the table, is what the
    pytest run (the plugin's options, and pytest's own) reads."""
    passed = [option for option in OPTIONS if command in option.commands and option.pytest]
    given = ["--adapter-cmd", "node adapter.mjs"] if command == "verify" else []
    for option in passed:
        if option.flags and option.dest not in ("adapter", "adapter_cmd"):  # (exclusive)
            given += a_value(option)
    options = build_parser().parse_args(
        [command, *given, *(["results.json"] if command == "verify" else [])]
    )
    # what the command decides itself and passes on (p2c explore: its parts, where it writes)
    options.shards, options.explore_output = 2, Path("found.json")
    arguments = pytest_arguments(command, options)
    config = pytester.parseconfig("--disable-plugin-autoload", "-p", "p2c_kit.plugin", *arguments)
    for option in passed:
        name = PYTEST_DESTS.get(option.pytest) or option.pytest[2:].replace("-", "_")
        value = getattr(options, option.dest)
        if value is None:  # not given, nothing passed on (verify's adapter: --adapter-cmd is)
            continue
        expected = value.resolve() if isinstance(value, Path) else value
        if isinstance(value, list):
            expected = [each.resolve() if isinstance(each, Path) else each for each in value]
        actual = config.getoption(name)
        assert str(actual) == str(expected), (option.pytest, actual, expected)


def test_an_option_of_the_table_is_given_to_its_command_only():
    """A command refuses another command's option (``--junit`` is certify's)."""
    result = subprocess.run(
        [P2C, "smoke", "--junit", "x.xml"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2 and "unrecognized arguments: --junit" in result.stderr


def test_a_timeout_that_is_no_positive_number_is_a_usage_error_in_p2c_and_in_pytest(tmp_path):
    result = subprocess.run(
        [P2C, "certify", "--timeout", "nan"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "expected a positive number of seconds, not 'nan'" in result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "p2c_kit.plugin", "--p2c-timeout", "0"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "expected a positive number of seconds, not '0'" in result.stderr


@pytest.mark.parametrize("option", ["--p2c-max-examples", "--p2c-steps", "--p2c-shards"])
def test_a_count_below_one_is_a_usage_error_of_the_plugin_as_of_p2c(tmp_path, option):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "p2c_kit.plugin", option, "0"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert f"argument {option}: expected 1 or more, not 0" in result.stderr


#: Runs ``p2c`` with the arguments it is given, then writes the modules it imported to stderr.
_RUN_P2C = """
import json, sys
from p2c_kit._commands.cli import main
try:
    main(sys.argv[1:])
finally:
    sys.stderr.write("\\n" + json.dumps(sorted(sys.modules)))
"""


def imported_by(*command: str) -> set[str]:
    """The modules ``p2c COMMAND`` imports (not those of the pytest run it starts)."""
    result = subprocess.run(
        [sys.executable, "-c", _RUN_P2C, *command], capture_output=True, text=True, check=False
    )
    return set(json.loads(result.stderr.splitlines()[-1]))


#: What the commands that do not explore, load, kill mutants or render reports never import.
MACHINERY = (
    "hypothesis",
    "p2c_kit._commands.explore",
    "p2c_kit._exploration",
    "p2c_kit._commands.load",
    "p2c_kit._commands.kill_matrix",
    "p2c_kit._commands.lint",
    "p2c_kit._reports.html",
    "p2c_kit._reports.messages",
    "p2c_kit._reports.junit",
    "p2c_kit._reports.markdown",
)


def test_p2c_help_imports_no_command_s_implementation():
    imported = imported_by("--help")
    assert "p2c_kit._commands.cli" in imported
    assert not imported & {*MACHINERY, "p2c_kit._commands.certify", "p2c_kit._reports.tables"}


def test_p2c_certify_imports_none_of_the_machinery_it_does_not_use():
    imported = imported_by("certify", "-q", "-k", "p2c_s1_01")
    assert "p2c_kit._commands.certify" in imported
    assert not imported & set(MACHINERY)


def test_the_options_of_a_run_the_command_makes_itself_are_the_plugin_s_only():
    """``--p2c-shards`` and ``--p2c-explore-output``: p2c explore sets them, no user types them."""
    made = [option for option in OPTIONS if not option.flags]
    assert {option.pytest for option in made} == {"--p2c-shards", "--p2c-explore-output"}
    assert all(option.plugin for option in made)
    assert not hasattr(build_parser().parse_args(["explore"]), "shards")


def test_a_namespace_without_a_value_passes_nothing_on():
    """None, False and an empty list are "not given": the plugin's default holds."""
    options = argparse.Namespace(
        **{option.dest: None for option in OPTIONS if "certify" in option.commands}
    )
    assert pytest_arguments("certify", options) == []
