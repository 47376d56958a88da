"""The README's two set-up commands exist, and CI runs the test command as written."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands():
    return re.findall(r"```sh\n(.+?)\n```", (ROOT / "README.md").read_text())


def test_readme_has_the_two_setup_commands():
    cmds = commands()
    assert any(c.endswith("symdiv verify") and "pip install ." in c for c in cmds)
    assert any(c.endswith("python -m pytest") and "'.[test]'" in c for c in cmds)


def test_ci_runs_the_readme_test_command():
    test_cmd = next(c for c in commands() if c.endswith("python -m pytest"))
    assert test_cmd in (ROOT / ".ci" / "run").read_text()


def test_python_examples_run_as_written(capsys):
    examples = re.findall(r"```python\n(.+?)```", (ROOT / "README.md").read_text(), re.S)
    namespace: dict = {}
    for number, example in enumerate(examples, start=1):  # our own README, not user text
        # Not "README.md": hypothesis reads the source of a @given function from
        # its file name, and on Python 3.13 tokenising README.md as Python fails.
        exec(compile(example, f"<README.md, example {number}>", "exec"), namespace)
    namespace["test_entropy_is_nonnegative"]()
    out = capsys.readouterr().out
    assert "proved" in out and "refuted" in out and "N 0" in out
    assert "\n0\n" in out and "DISAGREED" in out


def test_prove_and_check_commands_in_the_readme_work_as_written(monkeypatch, capsys):
    """Every `symdiv prove` / `symdiv check` line in the README gives the exit code its comment states."""
    import shlex

    from symdiv.cli import main

    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"```sh\n(.+?)```", (ROOT / "README.md").read_text(), re.S)
    lines = [line for block in blocks for line in block.splitlines()
             if line.startswith(("symdiv prove", "symdiv check"))]
    assert len(lines) >= 8
    for line in lines:
        command, comment = line.split("#", 1)
        expected = int(re.match(r"\s*exit (\d)", comment).group(1))
        assert main(shlex.split(command)[1:]) == expected, line
    capsys.readouterr()
