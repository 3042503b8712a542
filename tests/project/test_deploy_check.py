"""Production settings: `manage.py check --deploy` is clean with the README's variables."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def documented_production_environment() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Production", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)[1]
    env = dict(line.split("=", 1) for line in block.splitlines() if "=" in line)
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    # Only the machine's environment: not the test run's own switches (the browser tests
    # set DJANGO_ALLOW_ASYNC_UNSAFE) nor its database.
    test_only = ("SECURE_", "DEBUG", "DJANGO_", "DATABASE_URL", "LIVEBLOG_TEST_")
    base = {k: v for k, v in os.environ.items() if not k.startswith(test_only)}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issue_with_the_documented_production_variables():
    result = check_deploy(documented_production_environment())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_a_documented_variable_is_missing():
    env = documented_production_environment()
    del env["SECURE_HSTS_SECONDS"]
    result = check_deploy(env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr
