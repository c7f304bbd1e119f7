"""Driving the compose stack for bin/compose-check: podman-compose with both files, bounded
waits on the compose file's own health checks, and a teardown that leaves nothing behind."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass

from browser import CheckFailed

LABEL = "com.docker.compose.project"


def log(message: str) -> None:
    print(f"[compose-check {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(
    command: list[str],
    timeout: float,
    check: bool,
    *,
    shown: str,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """A podman or podman-compose command, bounded in time; a failure says what and why."""
    try:
        done = subprocess.run(  # noqa: S603 (fixed commands, no shell)
            command,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as error:
        raise CheckFailed(f"`{shown}` did not finish within {timeout:.0f} s") from error
    if check and done.returncode != 0:
        raise CheckFailed(
            f"`{shown}` failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done


@dataclass
class Stack:
    project: str
    files: list[str]
    env: dict[str, str]
    compose: str = "podman-compose"

    def compose_cmd(self, *args: str, timeout: float = 300, check: bool = True) -> str:
        command = [self.compose, "-p", self.project]
        for name in self.files:
            command += ["-f", name]
        shown = "podman-compose " + " ".join(args)
        return run([*command, *args], timeout, check, shown=shown, env=self.env).stdout

    def podman(
        self, *args: str, timeout: float = 120, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        return run(["podman", *args], timeout, check, shown="podman " + " ".join(args))

    def services(self) -> list[str]:
        """Every service of the compose files, so a service added there is started here too."""
        return self.compose_cmd("config", "--services", timeout=60).split()

    def container(self, service: str) -> str:
        names = self.podman(
            "ps",
            "-a",
            "--filter",
            f"label={LABEL}={self.project}",
            "--filter",
            f"label=com.docker.compose.service={service}",
            "--format",
            "{{.Names}}",
        ).stdout.split()
        if not names:
            raise CheckFailed(f"No container for service {service!r}")
        return names[0]

    def tail_logs(self, service: str, lines: int = 40) -> str:
        try:
            name = self.container(service)
        except CheckFailed:
            return "(no container)"
        done = self.podman("logs", "--tail", str(lines), name, check=False)
        return (done.stdout + done.stderr).strip()

    def up(self, *services: str) -> None:
        # --no-build: bin/compose-check built every image already (with --network host).
        self.compose_cmd("up", "-d", "--no-build", "--no-deps", *services, timeout=300)

    def wait_healthy(self, services: list[str], *, seconds: float) -> None:
        """Run each service's own health check (the compose file's `healthcheck.test`) until it
        passes. Podman schedules health checks with systemd timers, which this sandbox lacks, so
        the check runs them itself with `podman healthcheck run`."""
        deadline = time.monotonic() + seconds
        pending = list(services)
        last: dict[str, str] = {}
        while pending:
            for service in list(pending):
                name = self.container(service)
                state = self.podman("inspect", "--format", "{{.State.Status}}", name).stdout.strip()
                if state in {"exited", "stopped"}:
                    raise CheckFailed(
                        f"{service} stopped while starting. Its log:\n{self.tail_logs(service)}"
                    )
                done = self.podman("healthcheck", "run", name, check=False, timeout=60)
                if done.returncode == 0:
                    pending.remove(service)
                    log(f"{service} is healthy")
                elif "no defined healthcheck" in done.stderr and state == "running":
                    pending.remove(service)
                    log(f"{service} is running (it has no health check)")
                else:
                    last[service] = (done.stdout + done.stderr).strip()
            if pending and time.monotonic() > deadline:
                details = "\n".join(
                    f"--- {s}: {last.get(s, '')}\n{self.tail_logs(s)}" for s in pending
                )
                raise CheckFailed(f"Not healthy within {seconds:.0f} s: {pending}\n{details}")
            if pending:
                time.sleep(2)

    def run_once(self, service: str, *, seconds: float) -> None:
        """Start a one-shot service and wait for it to exit 0."""
        self.up(service)
        name = self.container(service)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            state = self.podman(
                "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name
            ).stdout.split()
            if state[0] in {"exited", "stopped"}:
                if state[1] != "0":
                    raise CheckFailed(
                        f"{service} exited with {state[1]}. Its log:\n{self.tail_logs(service)}"
                    )
                log(f"{service} finished")
                return
            time.sleep(2)
        raise CheckFailed(
            f"{service} still running after {seconds:.0f} s:\n{self.tail_logs(service)}"
        )

    def leftovers(self) -> list[str]:
        found = []
        for kind in ("ps -a", "pod ps", "network ls", "volume ls"):
            args = [*kind.split(), "--filter", f"label={LABEL}={self.project}", "--format"]
            args.append("{{.ID}}" if kind != "pod ps" else "{{.Name}}")
            if kind == "pod ps":
                args = ["pod", "ps", "--filter", f"name={self.project}", "--format", "{{.Name}}"]
            out = self.podman(*args, check=False).stdout.split()
            found += [f"{kind.split()[0]} {item}" for item in out]
        return found

    def down(self) -> None:
        """Everything this project made goes: containers, pods, networks, volumes."""
        self.compose_cmd("down", "-v", "--timeout", "20", timeout=300, check=False)
        for _ in range(3):
            left = self.leftovers()
            if not left:
                return
            for item in left:
                kind, ident = item.split(" ", 1)
                rm = {
                    "ps": ["rm", "-f", "-v"],
                    "pod": ["pod", "rm", "-f"],
                    "network": ["network", "rm", "-f"],
                    "volume": ["volume", "rm", "-f"],
                }[kind]
                self.podman(*rm, ident, check=False)
        left = self.leftovers()
        if left:
            raise CheckFailed(f"Left behind after teardown: {left}")
