"""Start docker-compose.yml for real with podman and Debian-built base images (tests/test_compose_smoke.py).

Docker Hub is unreachable here, Debian's mirrors are not: `debootstrap` makes a bookworm root file
system, `podman import` turns it into `localhost/sai-debian:bookworm`, and compose/podman/ builds a
Python 3.11 base (SAI_BASE_IMAGE of the Dockerfile) and a PostgreSQL 15 image (SAI_POSTGRES_IMAGE)
from it. Podman serves the Docker API on a unix socket for docker-compose v1. Everything podman
keeps (root file system, images, socket) lives under SAI_PODMAN_DIR (default /var/tmp/sai-podman),
so a second run reuses the images. Needs root (rootful podman; debootstrap).

Measured here (2 shared cores): see the README's compose section.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.settings import REPO_ROOT

STATE = Path(os.environ.get("SAI_PODMAN_DIR", "/var/tmp/sai-podman"))
DEBIAN_IMAGE = "localhost/sai-debian:bookworm"
PYTHON_IMAGE = "localhost/sai-python:3.11"
POSTGRES_IMAGE = "localhost/sai-postgres:15"
HOST_CA = Path("/etc/ssl/certs/ca-certificates.crt")


class ComposeError(RuntimeError):
    """A step of starting the stack failed; the message holds the command's output."""


def missing_tools() -> list[str]:
    need = ["podman", "runc", "debootstrap", "docker-compose"]
    missing = [t for t in need if shutil.which(t) is None]
    if os.geteuid() != 0:
        missing.append("root (rootful podman, debootstrap)")
    return missing


def _run(
    cmd: list[str], *, env: dict | None = None, timeout: float = 1800, cwd: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise ComposeError(
            f"{' '.join(cmd[:6])} ... failed ({done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
        )
    return done


@dataclass
class Podman:
    """Rootful podman with its own storage under STATE, serving the Docker API on a socket."""

    state: Path = STATE
    service: subprocess.Popen | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def socket(self) -> Path:
        return self.state / "podman.sock"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "CONTAINERS_CONF": str(self.state / "containers.conf"),
                "CONTAINERS_STORAGE_CONF": str(self.state / "storage.conf"),
            }
        )
        return env

    def configure(self) -> None:
        self.state.mkdir(parents=True, exist_ok=True)
        # podman's default rlimits are refused in this sandbox ("error setting rlimit type 7"), and
        # crun refuses its hybrid cgroup v1/v2 mounts ("cgroups in hybrid mode not supported"): runc
        # with cgroupfs works
        (self.state / "containers.conf").write_text(
            '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\n'
        )
        (self.state / "storage.conf").write_text(
            f'[storage]\ndriver = "overlay"\nrunroot = "{self.state}/run"\ngraphroot = "{self.state}/storage"\n'
        )

    def podman(self, *args: str, timeout: float = 1800, check: bool = True) -> subprocess.CompletedProcess:
        return _run(["nice", "-n", "10", "podman", *args], env=self.env(), timeout=timeout, check=check)

    def has_image(self, name: str) -> bool:
        return self.podman("image", "exists", name, check=False).returncode == 0

    def _timed(self, name: str, fn) -> None:
        started = time.monotonic()
        fn()
        self.timings[name] = round(time.monotonic() - started, 1)

    def base_images(self) -> None:
        """Make the Debian, Python and PostgreSQL base images unless they exist."""
        if not self.has_image(DEBIAN_IMAGE):
            self._timed("debootstrap + import", self._debian)
        if not self.has_image(PYTHON_IMAGE):
            self._timed("python base image", self._python)
        if not self.has_image(POSTGRES_IMAGE):
            self._timed(
                "postgres image",
                lambda: self.podman(
                    "build",
                    "-t",
                    POSTGRES_IMAGE,
                    "--build-arg",
                    f"DEBIAN_IMAGE={DEBIAN_IMAGE}",
                    "-f",
                    str(REPO_ROOT / "compose/podman/postgres.Containerfile"),
                    str(REPO_ROOT / "compose/podman"),
                ),
            )

    def _debian(self) -> None:
        rootfs = self.state / "rootfs"
        if not (rootfs / "etc" / "debian_version").exists():
            shutil.rmtree(rootfs, ignore_errors=True)
            _run(
                [
                    "nice",
                    "-n",
                    "10",
                    "debootstrap",
                    "--variant=minbase",
                    "bookworm",
                    str(rootfs),
                    "http://deb.debian.org/debian",
                ]
            )
        tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
        done = subprocess.run(
            ["podman", "import", "-", DEBIAN_IMAGE],
            stdin=tar.stdout,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        tar.wait()
        if done.returncode != 0:
            raise ComposeError(f"podman import failed: {done.stderr[-2000:]}")

    def _python(self) -> None:
        context = self.state / "ctx-python"
        shutil.rmtree(context, ignore_errors=True)
        context.mkdir(parents=True)
        shutil.copy(REPO_ROOT / "compose/podman/python.Containerfile", context / "Containerfile")
        shutil.copy(shutil.which("uv") or REPO_ROOT / ".tools/bin/uv", context / "uv")
        shutil.copy(HOST_CA, context / "ca-certificates.crt")
        self.podman("build", "-t", PYTHON_IMAGE, "--build-arg", f"DEBIAN_IMAGE={DEBIAN_IMAGE}", str(context))

    def start(self, timeout: float = 30) -> None:
        self.socket.unlink(missing_ok=True)
        log = open(self.state / "service.log", "wb")  # noqa: SIM115 - the service outlives this call
        self.service = subprocess.Popen(
            ["podman", "system", "service", "--time=0", f"unix://{self.socket}"],
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        (self.state / "service.pid").write_text(str(self.service.pid))
        deadline = time.monotonic() + timeout
        while not self.socket.exists():
            if self.service.poll() is not None or time.monotonic() > deadline:
                raise ComposeError(
                    f"podman system service did not start: {(self.state / 'service.log').read_text()[-2000:]}"
                )
            time.sleep(0.2)

    def stop(self) -> None:
        if self.service and self.service.poll() is None:
            os.killpg(self.service.pid, signal.SIGTERM)
            try:
                self.service.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.service.pid, signal.SIGKILL)
                self.service.wait(timeout=10)
        (self.state / "service.pid").unlink(missing_ok=True)


def copy_project(target: Path) -> Path:
    """The repo's tracked and unignored files (as committed or edited), without data or venvs."""
    files = _run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO_ROOT).stdout.split("\0")
    for name in filter(None, files):
        source = REPO_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@dataclass
class Stack:
    """docker-compose v1 against the podman socket, for the project copy in `project`."""

    project: Path
    podman: Podman
    name: str

    def compose(self, *args: str, timeout: float = 1800, check: bool = True) -> subprocess.CompletedProcess:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("COMPOSE_", "DOCKER_", "AIRFLOW", "SAI_", "BI_", "POSTGRES_"))
        }
        env.update(
            {
                "DOCKER_HOST": f"unix://{self.podman.socket}",
                "COMPOSE_PROJECT_NAME": self.name,
                "COMPOSE_HTTP_TIMEOUT": "600",
            }
        )
        return _run(
            [
                "nice",
                "-n",
                "10",
                "docker-compose",
                "--project-directory",
                str(self.project),
                "-f",
                str(self.project / "docker-compose.yml"),
                *args,
            ],
            env=env,
            cwd=self.project,
            timeout=timeout,
            check=check,
        )

    def run_health_checks(self, every: float = 5.0) -> threading.Event:
        """Run the containers' health checks from a thread until the returned event is set.

        Podman runs health checks from systemd timers; without systemd (this sandbox) they never
        run, every container stays "starting" and `depends_on: service_healthy` waits forever.
        """
        stop = threading.Event()

        def loop():
            while not stop.wait(every):
                names = self.podman.podman(
                    "ps", "--filter", f"name={self.name}_", "--format", "{{.Names}}", check=False, timeout=60
                ).stdout.split()
                for name in names:
                    self.podman.podman("healthcheck", "run", name, check=False, timeout=60)

        threading.Thread(target=loop, name="podman-healthchecks", daemon=True).start()
        return stop

    def psql_metadata(self, sql: str) -> str:
        return self.compose(
            "exec", "-T", "postgres", "psql", "-U", "airflow", "-d", "airflow", "-Atc", sql, timeout=60
        ).stdout

    def logs(self, tail: int = 60) -> str:
        return self.compose("logs", "--no-color", "--tail", str(tail), check=False, timeout=120).stdout[-30000:]
