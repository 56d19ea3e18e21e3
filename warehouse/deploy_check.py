"""Secrets of the compose deployment: make a `.env` with fresh ones, and refuse weak ones at startup.

    python -m warehouse.deploy_check init-env [.env]   # copy .env.example, fill every secret; never overwrites
    python -m warehouse.deploy_check check             # service config-check: exit 1 naming each problem

Each Airflow container would otherwise invent its own Fernet key (connections saved by one could
not be decrypted by another) and JWT secret (task tokens rejected), so both are required and live
in `.env`, written once. Outside `SAI_DEPLOYMENT=local`, `check` refuses a missing, short or
well-known secret (the defaults of older compose files, the image's `airflow`); with `local` it only
warns. It also checks that the warehouse bind mount is writable, which a mistyped AIRFLOW_UID breaks.
Standard library only: it runs before anything else in the stack.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import sys
from pathlib import Path

DEPLOYMENT_ENV = "SAI_DEPLOYMENT"
# name -> how a fresh value is made
SECRETS = {
    "AIRFLOW_FERNET_KEY": lambda: base64.urlsafe_b64encode(os.urandom(32)).decode(),
    "AIRFLOW_JWT_SECRET": lambda: secrets.token_urlsafe(48),
    "AIRFLOW_API_SECRET_KEY": lambda: secrets.token_urlsafe(32),
    "POSTGRES_PASSWORD": lambda: secrets.token_urlsafe(24),
    "BI_POSTGRES_PASSWORD": lambda: secrets.token_urlsafe(24),
    "BI_PUBLISHER_PASSWORD": lambda: secrets.token_urlsafe(24),
    "SAI_BI_READER_PASSWORD": lambda: secrets.token_urlsafe(18),
    "SUPERSET_SECRET_KEY": lambda: secrets.token_urlsafe(48),
}
MIN_LENGTH = 16
WELL_KNOWN = {
    "",
    "airflow",
    "postgres",
    "password",
    "secret",
    "admin",
    "changeme",
    "change-me",
    "local-compose-only-change-me",
    "superset",
    "redis",
}


def problems(env: dict[str, str]) -> list[str]:
    """What is wrong with the secrets in `env`, one sentence each (empty: all good)."""
    found = []
    for name in SECRETS:
        value = env.get(name, "")
        if value.strip().lower() in WELL_KNOWN:
            found.append(f"{name} is {'empty' if not value else 'a well-known default'}")
        elif len(value) < MIN_LENGTH:
            found.append(f"{name} is shorter than {MIN_LENGTH} characters")
    fernet = env.get("AIRFLOW_FERNET_KEY", "")
    if fernet and not _is_fernet_key(fernet):
        found.append("AIRFLOW_FERNET_KEY is not a Fernet key (url-safe base64 of 32 bytes)")
    return found


def _is_fernet_key(value: str) -> bool:
    try:
        return len(base64.urlsafe_b64decode(value.encode())) == 32
    except (binascii.Error, ValueError):
        return False


def writable(path: Path) -> str | None:
    """None if files can be created in `path`, else why not."""
    probe = path / f".write-check-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
        return None
    except OSError as exc:
        return (
            f"{path} is not writable by uid {os.getuid()} ({exc.strerror}): "
            "set AIRFLOW_UID to the owner of the host directory"
        )


def check(env: dict[str, str]) -> int:
    local = env.get(DEPLOYMENT_ENV, "server").strip().lower() == "local"
    found = problems(env)
    warehouse = env.get("WAREHOUSE_DIR")
    blocking = [writable(Path(warehouse))] if warehouse else []
    blocking = [b for b in blocking if b]
    if found and not local:
        blocking += found
        found = []
    for line in found:
        print(f"config-check: warning ({DEPLOYMENT_ENV}=local): {line}")
    for line in blocking:
        print(f"config-check: refusing to start: {line}")
    if blocking:
        print(
            "config-check: `python -m warehouse.deploy_check init-env` writes a .env with fresh secrets; "
            f"{DEPLOYMENT_ENV}=local accepts weak ones on a single-user machine"
        )
        return 1
    print(f"config-check: ok ({'local' if local else 'server'} deployment)")
    return 0


def init_env(target: Path, example: Path) -> str:
    """Write `target` from `example` with every blank secret filled and AIRFLOW_UID set; never overwrite."""
    if target.exists():
        raise FileExistsError(f"{target} exists: not overwriting it (its Fernet key encrypts stored connections)")
    lines = []
    for line in example.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep and not line.lstrip().startswith("#") and not value.strip():
            if name in SECRETS:
                line = f"{name}={SECRETS[name]()}"
            elif name == "AIRFLOW_UID":
                line = f"{name}={os.getuid()}"
        lines.append(line)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target.chmod(0o600)
    return str(target)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["check"]:
        return check(dict(os.environ))
    if args[:1] == ["init-env"]:
        target = Path(args[1] if len(args) > 1 else ".env")
        example = Path(__file__).resolve().parent.parent / ".env.example"
        try:
            print(f"wrote {init_env(target, example)} with fresh secrets (keep it: the Fernet key must not change)")
        except FileExistsError as exc:
            print(exc)
            return 1
        return 0
    print("usage: python -m warehouse.deploy_check {init-env [.env] | check}")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
