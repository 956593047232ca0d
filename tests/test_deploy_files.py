"""deploy/ agrees with the code: the Slack manifest, the image, Compose, Kubernetes, systemd."""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import functools
import io
import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import make_url

from bot import ids
from bot.cli.parser import build_parser
from bot.config import Settings
from bot.serving.wsgi import HEALTH_PATH

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
APP_PORT = 3000  # `serve --port` default, EXPOSE in the image, the probes' port
IMAGE = "techlead-coach:latest"
PYTHON_BASE = "python:3.11-slim"
# Read by the OAuth (multi-workspace) set-up; listed here in case they are read outside
# Settings.from_env.
OAUTH_VARIABLES = {"SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"}
# get("NAME"), env.get("NAME"), os.getenv("NAME"), os.environ["NAME"], environ.get("NAME")
READS_VARIABLE = re.compile(
    r"""\b(?:get|getenv|environ)\s*[(\[]\s*["']([A-Z][A-Z0-9_]*)["']""")
PLACEHOLDER = "replace-me"


def test_manifest_declares_the_command_scopes_events_and_socket_mode():
    manifest = yaml.safe_load((ROOT / "deploy" / "slack-manifest.yml").read_text())
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == ids.COMMAND
    assert command["should_escape"] is True  # mentions arrive as <@U…|name>
    assert command["description"]
    from bot.oauth import BOT_SCOPES

    assert set(manifest["oauth_config"]["scopes"]["bot"]) == set(BOT_SCOPES) == {
        "commands", "chat:write", "im:write", "users:read", "files:write", "canvases:write",
        "im:history"}
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == [
        "app_home_opened", "user_change"]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert len(manifest["display_information"]["name"]) <= 35


# --- what the app reads ---------------------------------------------------------------------


class _RecordingEnviron(dict):
    """An empty environment that remembers every name it is asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key, default=None):
        self.asked.add(key)
        return default

    def __getitem__(self, key):
        self.asked.add(key)
        raise KeyError(key)

    def __contains__(self, key) -> bool:
        self.asked.add(key)
        return False


@functools.cache
def app_variables() -> frozenset[str]:
    """Every environment variable the app reads: bot/config.py's source, what
    Settings.from_env asks for, and the OAuth trio; test-only names excluded."""
    names = set(READS_VARIABLE.findall((ROOT / "bot" / "config.py").read_text()))
    recording = _RecordingEnviron()
    with contextlib.suppress(ValueError):  # ConfigError, should from_env ever validate
        Settings.from_env(recording)
    names |= {name for name in recording.asked if isinstance(name, str)}
    names |= OAUTH_VARIABLES
    return frozenset(name for name in names if not name.startswith("TEST_"))


def test_the_known_variables_are_found_in_the_app():
    assert {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DATABASE_URL",
            "LOG_LEVEL"} <= app_variables()


# --- reading the deploy files ---------------------------------------------------------------


def deploy_text(name: str) -> str:
    return (DEPLOY / name).read_text()


def env_example() -> dict[str, str]:
    values = {}
    for line in deploy_text("techlead-coach.env.example").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, sep, value = line.partition("=")
            assert sep and name == name.strip(), f"not NAME=value: {line!r}"
            assert name not in values, f"{name} set twice"
            values[name] = value
    return values


def compose() -> dict:
    return yaml.safe_load(deploy_text("docker-compose.yml"))


def kubernetes() -> list[dict]:
    return [doc for doc in yaml.safe_load_all(deploy_text("kubernetes.yaml")) if doc]


def k8s_one(kind: str) -> dict:
    (doc,) = [doc for doc in kubernetes() if doc["kind"] == kind]
    return doc


def systemd_unit() -> dict[str, list[tuple[str, str]]]:
    """Sections -> (key, value) pairs, keeping repeated keys (ExecStartPre, ...)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for raw in deploy_text("techlead-coach.service").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
            continue
        key, sep, value = line.partition("=")
        assert sep and current is not None, f"not Key=value in a section: {raw!r}"
        current.append((key.strip(), value.strip()))
    return sections


def unit_values(section: list[tuple[str, str]], key: str) -> list[str]:
    return [value for name, value in section if name == key]


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    instructions, pending = [], ""
    for raw in deploy_text("Dockerfile").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue  # a comment inside a continued instruction
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, args = (pending + line).partition(" ")
        instructions.append((keyword.upper(), args.strip()))
        pending = ""
    assert not pending, "the Dockerfile ends inside a continued line"
    return instructions


def dockerfile_args(name: str) -> list[str]:
    return [args for keyword, args in dockerfile() if keyword == name]


def app_services() -> dict[str, dict]:
    """Compose services that run the bot's image."""
    return {name: service for name, service in compose()["services"].items()
            if "build" in service or str(service.get("image", "")).startswith("techlead-coach")}


def environment_names(environment) -> set[str]:
    if isinstance(environment, dict):
        return set(environment)
    return {item.partition("=")[0] for item in environment or []}


def interpolated(text: str) -> set[str]:
    return set(re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", text))


# --- settings -------------------------------------------------------------------------------


def deploy_variables() -> dict[str, set[str]]:
    """Every environment variable each deploy file hands to the bot."""
    found: dict[str, set[str]] = {}

    example = set(env_example())
    found["techlead-coach.env.example"] = example

    names = set()
    for service in app_services().values():
        environment = service.get("environment")
        names |= environment_names(environment)
        names |= interpolated(json.dumps(environment))
    found["docker-compose.yml"] = names

    text = deploy_text("kubernetes.yaml")
    names = set(re.findall(r"(?m)^\s*#\s*([A-Z][A-Z0-9_]+):", text))  # commented-out keys
    for doc in kubernetes():
        if doc["kind"] in ("Secret", "ConfigMap"):
            names |= set(doc.get("stringData") or {}) | set(doc.get("data") or {})
        if doc["kind"] == "Deployment":
            spec = doc["spec"]["template"]["spec"]
            for container in spec.get("initContainers", []) + spec["containers"]:
                names |= {item["name"] for item in container.get("env", [])}
    found["kubernetes.yaml"] = names

    names = set()
    for key, value in systemd_unit()["Service"]:
        if key == "Environment":
            names |= {pair.partition("=")[0] for pair in shlex.split(value)}
        if key.startswith("Exec"):
            names |= interpolated(value)
    found["techlead-coach.service"] = names
    return found


def test_deploy_files_name_only_variables_the_app_reads():
    known = app_variables()
    unknown = {file: sorted(names - known) for file, names in deploy_variables().items()
               if names - known}
    assert not unknown, f"variables the app does not read (typo, or add them to the app): " \
                        f"{unknown}"


def test_the_env_example_lists_every_setting_with_a_comment_and_the_apps_defaults():
    example = env_example()
    missing = sorted(app_variables() - set(example))
    assert not missing, f"add to deploy/techlead-coach.env.example: {missing}"

    lines = deploy_text("techlead-coach.env.example").splitlines()
    for number, line in enumerate(lines):
        if line and not line.startswith("#"):
            comment = lines[number - 1]
            assert re.match(r"# (Required|Optional)\b", comment), \
                f"{line.partition('=')[0]} needs a one-line '# Required/Optional ...' above it"
    for value in example.values():
        assert value == value.strip() and not value.startswith(("'", '"')), \
            "systemd and Docker disagree on quotes and spaces: write bare values"

    # With the placeholders blanked, the file sets exactly the app's own defaults.
    blanked = {name: "" if PLACEHOLDER in value else value for name, value in example.items()}
    assert Settings.from_env(blanked) == Settings.from_env({})


def settings_table() -> dict[str, str]:
    """deploy/README.md's "Settings" table: variable -> default column."""
    text = deploy_text("README.md").split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) >= 3:
            rows[cells[0].strip("`")] = cells[1]
    return rows


def test_the_deploy_readme_documents_every_setting_with_the_example_defaults():
    table = settings_table()
    assert set(table) == set(app_variables()), "deploy/README.md's Settings table vs the app"
    readme = deploy_text("README.md")
    for step in ("docker compose -f deploy/docker-compose.yml up -d", HEALTH_PATH,
                 "https://bot.example.com/slack/events", "socket_mode_enabled: false"):
        assert step in readme, step
    for name in app_variables():
        assert f"`{name}`" in readme
    example = env_example()
    for name, default in table.items():
        if default == "none":
            assert example[name] == "" or PLACEHOLDER in example[name], name
        else:
            assert default.strip("`") == example[name], f"{name}: README {default}, " \
                                                        f"example {example[name]}"


# --- commands -------------------------------------------------------------------------------


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return action.choices


def strict(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """No abbreviated options: a deploy file must spell `--no-scheduler` in full."""
    parser.allow_abbrev = False
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                strict(sub)
    return parser


def parse(argv: list[str], where: str) -> argparse.Namespace | None:
    """The real command line parser's reading of `techlead-coach ARGV`; fails the test with
    argparse's own message when it refuses. None for --help/--version (exit 0)."""
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            return strict(build_parser()).parse_args(argv)
    except SystemExit as exit_:
        if exit_.code in (0, None):
            return None
        pytest.fail(f"{where}: `techlead-coach {shlex.join(argv)}` is refused by "
                    f"bot.cli.parser.build_parser(): {err.getvalue().strip().splitlines()[-1]}")


def dockerfile_exec(keyword: str) -> list[str]:
    (args,) = dockerfile_args(keyword)
    return json.loads(args)  # exec form, so signals reach the bot


def entrypoint_script() -> str:
    entrypoint = dockerfile_exec("ENTRYPOINT")
    assert entrypoint[:2] == ["/bin/sh", "-c"], entrypoint
    return entrypoint[2]


def deploy_command_lines() -> list[tuple[str, list[str]]]:
    """(where, argv after `techlead-coach`) for every command the deploy files run or
    mention, structured ones parsed from the files, the rest found in the text."""
    lines = [("Dockerfile CMD", dockerfile_exec("CMD"))]
    for name, service in app_services().items():
        if "command" in service:
            command = service["command"]
            argv = shlex.split(command) if isinstance(command, str) else command
            lines.append((f"docker-compose.yml {name}", argv))
    for doc in kubernetes():
        if doc["kind"] == "Deployment":
            spec = doc["spec"]["template"]["spec"]
            for container in spec.get("initContainers", []) + spec["containers"]:
                argv = container.get("command", []) + container.get("args", [])
                if argv and argv[0] == "techlead-coach":
                    lines.append((f"kubernetes.yaml {container['name']}", argv[1:]))
    for key, value in systemd_unit()["Service"]:
        if key.startswith("Exec"):
            argv = shlex.split(value.lstrip("-@+!:"))
            assert argv[0].endswith("/techlead-coach"), value
            lines.append((f"techlead-coach.service {key}", argv[1:]))
    mention = re.compile(
        r"(?m)(?:^|(?<=[\s`\"'(])|(?<=bin/))techlead-coach[ \t]+([^\n`\"'#;&|)\\$,<>]*)")
    for path in sorted(DEPLOY.iterdir()):
        if path.is_file() and path.name != "slack-manifest.yml":
            for text in mention.findall(path.read_text()):
                if text.strip():
                    lines.append((f"{path.name} mentions", shlex.split(text)))
    return lines


def test_the_commands_the_deploy_files_use_exist_in_the_cli():
    commands = subcommands(build_parser())
    assert {"serve", "worker", "run", "db"} <= set(commands), sorted(commands)
    assert "upgrade" in subcommands(commands["db"])
    parse(["serve", "--host", "0.0.0.0", "--port", str(APP_PORT), "--no-scheduler"],
          "the scaling notes")
    used = set()
    for where, argv in deploy_command_lines():
        args = parse(argv, where)
        if args is not None:
            used.add(args.command)
    assert {"serve", "worker", "run", "db"} <= used


def test_the_http_commands_bind_the_app_port_on_all_interfaces():
    assert parse(["serve"], "default").port == APP_PORT
    for where, argv in deploy_command_lines():
        args = parse(argv, where)
        if args is not None and args.command == "serve" and "Dockerfile" not in where \
                and "mentions" not in where:
            assert (args.host, args.port) == ("0.0.0.0", APP_PORT), where
    args = parse(dockerfile_exec("CMD"), "Dockerfile CMD")
    assert (args.command, args.host, args.port) == ("serve", "0.0.0.0", APP_PORT)


# --- the image ------------------------------------------------------------------------------


def test_the_image_is_a_slim_multi_stage_build_running_as_a_non_root_user():
    defaults = dict(arg.partition("=")[::2] for arg in dockerfile_args("ARG"))
    stages = [re.sub(r"\$\{?(\w+)\}?", lambda m: defaults[m[1]], args).split()
              for args in dockerfile_args("FROM")]
    assert len(stages) >= 2
    assert {stage[0] for stage in stages} == {PYTHON_BASE}
    builder = stages[0][-1]
    assert stages[0][1].upper() == "AS"
    copies = dockerfile_args("COPY")
    assert any(f"--from={builder}" in copy and "/opt/venv" in copy for copy in copies)
    runs = " ".join(dockerfile_args("RUN"))
    assert ".[postgres]" in runs  # psycopg for PostgreSQL

    instructions = dockerfile()
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    users = [args for keyword, args in instructions[last_from:] if keyword == "USER"]
    assert users, "the final stage must set USER"
    uid = users[-1].split(":")[0]
    assert uid not in ("root", "0")
    assert uid.isdigit(), "a numeric USER lets Kubernetes' runAsNonRoot verify it"
    pod = k8s_one("Deployment")["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsUser"] == int(uid)


def test_the_image_migrates_before_serving_and_checks_its_health():
    assert dockerfile_args("EXPOSE") == [str(APP_PORT)]
    script = entrypoint_script()
    upgrade, serve = script.find("techlead-coach db upgrade"), script.find("exec techlead-coach")
    assert 0 <= upgrade < serve, script
    assert "&&" in script[upgrade:serve]  # a failed migration stops the start
    assert parse(dockerfile_exec("CMD"), "CMD").command == "serve"

    (healthcheck,) = dockerfile_args("HEALTHCHECK")
    assert f"127.0.0.1:{APP_PORT}{HEALTH_PATH}" in healthcheck
    assert "urllib.request" in healthcheck and "curl" not in healthcheck


def test_the_dockerignore_keeps_out_local_state_but_not_the_sources():
    patterns = [line.strip() for line in deploy_text("Dockerfile.dockerignore").splitlines()
                if line.strip() and not line.startswith("#")]
    for needed in (".venv", ".git", ".pytest_cache", "*.db"):
        assert needed in patterns
    sources = [part for copy in dockerfile_args("COPY") if "--from" not in copy
               for part in copy.split()[:-1]]
    for source in sources:
        assert (ROOT / source).exists(), source
        assert not any(fnmatch.fnmatch(source, pattern) for pattern in patterns), source


# --- Compose --------------------------------------------------------------------------------


def test_compose_runs_the_bot_on_a_healthy_postgres():
    config = compose()
    postgres, bot = config["services"]["postgres"], config["services"]["bot"]
    assert postgres["image"] == "postgres:16"
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    volume = postgres["volumes"][0].split(":")[0]
    assert volume in config["volumes"], "postgres keeps its data in a named volume"

    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    build = bot["build"]
    assert (DEPLOY / build["context"]).resolve() == ROOT
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
    assert bot["image"] == IMAGE

    url = make_url(bot["environment"]["DATABASE_URL"])
    assert url.drivername == "postgresql+psycopg"
    assert (url.host, url.port) == ("postgres", 5432)
    database = postgres["environment"]
    assert (url.username, url.password, url.database) == (
        database["POSTGRES_USER"], database["POSTGRES_PASSWORD"], database["POSTGRES_DB"])

    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        assert bot["environment"][name] == f"${{{name}:-}}"  # from the shell or deploy/.env
    assert bot["env_file"] == [{"path": ".env", "required": False}]


def test_compose_publishes_and_probes_the_app_port():
    bot = compose()["services"]["bot"]
    assert f"{APP_PORT}:{APP_PORT}" in bot["ports"]
    probe = " ".join(bot["healthcheck"]["test"])
    assert f":{APP_PORT}{HEALTH_PATH}" in probe
    assert parse(bot["command"], "compose bot").command == "serve"


# --- Kubernetes -----------------------------------------------------------------------------


def test_kubernetes_deployment_secret_and_service_fit_together():
    secret, deployment, service = (k8s_one(kind) for kind in ("Secret", "Deployment", "Service"))
    assert {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "DATABASE_URL"} <= set(
        secret["stringData"])
    assert make_url(secret["stringData"]["DATABASE_URL"]).drivername == "postgresql+psycopg"

    assert deployment["spec"]["replicas"] == 2
    template = deployment["spec"]["template"]
    labels = template["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["selector"].items() <= labels.items()
    pod = template["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True

    (bot,) = pod["containers"]
    assert bot["image"] == IMAGE
    assert bot["command"] == ["techlead-coach"]
    assert parse(bot["args"], "kubernetes bot").command == "serve"
    assert {"secretRef": {"name": secret["metadata"]["name"]}} in bot["envFrom"]
    assert [port["containerPort"] for port in bot["ports"]] == [APP_PORT]
    for probe in ("readinessProbe", "livenessProbe"):
        assert bot[probe]["httpGet"] == {"path": HEALTH_PATH, "port": APP_PORT}, probe
    assert set(bot["resources"]) == {"requests", "limits"}

    (init,) = pod["initContainers"]
    assert init["image"] == IMAGE
    args = parse(init["command"][1:] + init.get("args", []), "kubernetes init")
    assert (args.command, args.db_command) == ("db", "upgrade")
    assert {"secretRef": {"name": secret["metadata"]["name"]}} in init["envFrom"]

    (port,) = service["spec"]["ports"]
    assert (port["port"], port["targetPort"]) == (80, APP_PORT)

    notes = deploy_text("kubernetes.yaml")
    assert "--no-scheduler" in notes and "techlead-coach worker" in notes


# --- systemd --------------------------------------------------------------------------------


def test_the_systemd_unit_migrates_then_runs_hardened():
    unit = systemd_unit()
    service = unit["Service"]

    def one(key: str) -> str:
        (value,) = unit_values(service, key)
        return value

    workdir = one("WorkingDirectory")
    assert (one("User"), workdir) == ("techlead", "/opt/techlead-coach")
    assert one("EnvironmentFile") == "/etc/techlead-coach.env"
    binary = f"{workdir}/.venv/bin/techlead-coach"
    (pre,) = unit_values(service, "ExecStartPre")
    args = parse(shlex.split(pre)[1:], "ExecStartPre")
    assert shlex.split(pre)[0] == binary
    assert (args.command, args.db_command) == ("db", "upgrade")
    assert shlex.split(one("ExecStart")) == [binary, "run"]
    assert one("Restart") == "on-failure"
    assert one("NoNewPrivileges") == "yes"
    assert one("ProtectSystem") == "strict"
    # The default SQLite database lives in the working directory: it must stay writable.
    assert workdir in " ".join(unit_values(service, "ReadWritePaths")).split()
    assert make_url(env_example()["DATABASE_URL"]).database == "techlead-coach.db"
    assert unit_values(unit["Install"], "WantedBy") == ["multi-user.target"]
