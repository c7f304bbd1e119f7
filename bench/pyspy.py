"""Sampling profiles of running gunicorn workers with py-spy (`uv pip install py-spy`, or the dev
dependency), and the top of them as text for BENCHMARKS.md.

    from bench import pyspy
    recorders = pyspy.record([pid, ...], seconds=15, out_dir=Path("/tmp/profile"))
    ...  # the load runs
    files = pyspy.wait(recorders)
    print(pyspy.summary(files, top=15))

py-spy samples every thread of the process (`--threads` not needed for the totals) and, by
default, leaves out idle threads (waiting in select, on a lock or a socket), so the counts are
where the workers spent CPU. The raw ("collapsed") format is one line per distinct stack:
`frame;frame;frame count`, outermost first.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _binary() -> str | None:
    local = ROOT / ".venv" / "bin" / "py-spy"
    return str(local) if local.exists() else shutil.which("py-spy")


def record(
    pids: list[int], seconds: float, out_dir: Path
) -> list[tuple[subprocess.Popen[bytes], Path]]:
    binary = _binary()
    if binary is None:
        print("py-spy is not installed: no profile (uv pip install py-spy)")
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    recorders = []
    for pid in pids:
        out = out_dir / f"worker-{pid}.txt"
        command = [binary, "record", "--pid", str(pid), "--duration", str(int(seconds))]
        command += ["--rate", "100", "--format", "raw", "--output", str(out), "--nonblocking"]
        recorders.append(
            (subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), out)
        )
    return recorders


def wait(recorders: list[tuple[subprocess.Popen[bytes], Path]]) -> list[Path]:
    files = []
    for process, out in recorders:
        try:
            _, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            continue
        if out.exists():
            files.append(out)
        elif err:
            print(f"py-spy: {err.decode(errors='replace').strip()[-300:]}")
    return files


_FRAME = re.compile(r"^(?P<function>[^ ]+) \((?P<file>[^:)]+)(?::\d+)?\)$")


def _name(frame: str) -> str:
    """`verify (django/contrib/auth/hashers.py:123)` → `django/contrib/auth/hashers.py:verify`,
    shortened to the part after site-packages or the repository."""
    match = _FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    path = match["file"]
    for marker in ("site-packages/", f"{ROOT}/", "lib/python3.13/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{match['function']}"


def summary(files: list[Path], top: int = 15) -> str:
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for file in files:
        for line in file.read_text().splitlines():
            stack, _, count_text = line.rpartition(" ")
            if not stack or not count_text.isdigit():
                continue
            count = int(count_text)
            samples += count
            frames = [_name(frame) for frame in stack.split(";")]
            frames = [frame for frame in frames if not frame.startswith("process ")]
            if not frames:
                continue
            own[frames[-1]] += count
            for frame in set(frames):
                total[frame] += count
    if not samples:
        return "(no samples)"
    lines = [f"{samples} samples (100 per second per busy thread) in {len(files)} workers", ""]
    lines.append("own time:")
    lines += [f"  {n / samples:6.1%}  {name}" for name, n in own.most_common(top)]
    lines.append("")
    lines.append("including callees (app and Django frames):")
    interesting = [
        (name, n)
        for name, n in total.most_common()
        if not name.startswith(("threading.py", "concurrent/", "gunicorn/", "<frozen"))
    ]
    lines += [f"  {n / samples:6.1%}  {name}" for name, n in interesting[:top]]
    return "\n".join(lines)
