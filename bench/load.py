"""Load: 500 citizens using the public portal at once, on the production server
(``python bench/load.py``).

Builds the PostgreSQL database ``bench_load`` (sample province and ``--dossiers`` synthetic
dossiers, see ``common.prepare``; reused with ``--keep``, dropped afterwards without it), starts
gunicorn as deployed (``docs/vi/trien-khai.md``: ``2 × CPUs + 1`` sync workers, timeout 60 s,
access log on, Redis as the shared cache, ``DEBUG`` off) on a free port of 127.0.0.1, then runs
``--users`` virtual citizens for ``--duration`` seconds after a ramp-up. Each one, with its own
cookies and its own client address (sent in ``X-Forwarded-For``, 127.0.0.1 being the trusted
reverse proxy as nginx is in production, so the per-address rate limits stay at their production
values), loops over the public pages with 5–15 s of reading between them: the home page, a
catalogue search (``/thu-tuc/?q=…``), a procedure page found by it, the public tracking of an
existing dossier code (``/tra-cuu/?ma=…``; one look-up in twenty is a mistyped code, whose 404 is
expected) and the public statistics (``/thong-ke/``). HTML only: static files are served by the
reverse proxy and cached by browsers.

Figures (``record("load", …)``, evidence for PL4-3 and PL4-4), under ``postgresql``:

* ``concurrent_users`` (all of them active during the whole measured window), ``requests``,
  ``error_rate`` (HTTP statuses other than the expected one, time-outs after 30 s and connection
  errors, over all requests), ``throughput_rps``, ``in_flight_peak`` (requests being served at
  the same instant) and response times (``response``, per page under ``pages``);
* ``app_server`` (gunicorn master and workers) and ``database_server`` (the postmaster, its
  auxiliary processes and the backends serving ``bench_load``; other databases' backends are
  other people's load), sampled every second from ``/proc``: CPU as a share of the whole machine
  (100 % = every core busy) and memory (proportional set size, so pages shared between workers
  or with PostgreSQL's shared buffers count once) as a share of its RAM. The figures compared
  with PL4-3's targets are ``cpu_percent``, the *mean* over the measured window — utilisation
  under sustained load, which is what "hiệu suất làm việc" asks about — and ``memory_percent``,
  the *peak*, since running out of memory is what a peak would cause; the one-second CPU peak
  (``cpu_peak_pct``) and mean memory (``memory_mean_pct``) are shown beside them, with
  ``cpu_ms_per_request``, the CPU time each request cost, which other work does not change;
* ``load_generator.cpu_pct``: this script's own CPU, on the same machine; ``machine``: the whole
  machine's busy CPU, load average and ``other_work_cpu_pct``, the CPU used by everything else.
  A server starved by other work uses less CPU than the load asks of it and answers slower, so a
  run where other work took over 10 % of the machine is flagged as not representative.

``--quick``: 100 users for 20 s on 10,000 dossiers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

import common
from common import summary

NAME = "load"
CRITERIA = ["PL4-3", "PL4-4"]
DATABASE = "bench_load"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
THINK_SECONDS = (5.0, 15.0)  # reading a page before the next click
TIMEOUT_SECONDS = 30.0
TRACKED_CODES = 2_000
OTHER_WORK_PCT = 10  # CPU used by other processes beyond which a run is flagged
SEARCHES = [
    "khai sinh",
    "kết hôn",
    "khai tử",
    "hộ tịch",
    "chứng thực",
    "thường trú",
    "tạm trú",
    "hộ kinh doanh",
    "doanh nghiệp",
    "giấy phép xây dựng",
    "đất đai",
    "lý lịch tư pháp",
    "xe ô tô",
    "ket hon",  # typed without diacritics
    "dang ky khai sinh",
]
# Share of clicks going to each page of the public portal.
PAGES = {"home": 20, "search": 25, "procedure": 25, "tracking": 20, "statistics": 10}
PROCEDURE_LINK = re.compile(r'href="(/thu-tuc/[^"/?#]+/)"')

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CPUS = os.cpu_count() or 1


# --- the server ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 — our own server
        return response.status


@contextlib.contextmanager
def gunicorn(database_url: str, workers: int) -> Iterator[tuple[str, int]]:
    """The base URL and master PID of a production-style server, stopped on exit."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motcua.conf.base",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": REDIS_URL,
        "MOTCUA_TRUSTED_PROXIES": "127.0.0.1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "motcua.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "60",
        "--access-logfile",
        "-",
    ]
    with tempfile.TemporaryFile() as log:
        # A session of its own, as a service has: with the kernel's autogroup scheduling, the
        # workers would otherwise share one CPU share with this load generator.
        server = subprocess.Popen(
            command, cwd=common.ROOT, env=env, stdout=log, stderr=log, start_new_session=True
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    _get(f"{base}/healthz")
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        tail = log.read().decode(errors="replace")[-3000:]
                        raise SystemExit(f"bench: gunicorn did not start:\n{tail}") from None
                    time.sleep(0.3)
            print(f"bench: gunicorn on {base}, {workers} workers", flush=True)
            yield base, server.pid
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


# --- utilisation, from /proc --------------------------------------------------------------------


@dataclass(frozen=True)
class Proc:
    ppid: int
    ticks: int  # user + system CPU time, in clock ticks


def _processes() -> dict[int, Proc]:
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            text = Path(entry.path, "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        fields = text[text.rindex(")") + 2 :].split()  # after "pid (comm) "
        found[int(entry.name)] = Proc(int(fields[1]), int(fields[11]) + int(fields[12]))
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _title(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""


def _meminfo_kb(key: str) -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    total = sum(values[:8])  # guest time is already counted in user time
    return total - idle, total


def app_tree(master: int) -> Callable[[dict[int, Proc]], set[int]]:
    """The gunicorn master and its workers."""
    return lambda procs: {master} | {pid for pid, p in procs.items() if p.ppid == master}


def postmaster_pid(database_url: str) -> int | None:
    """The PostgreSQL server's PID, if it runs on this machine and we may read its data dir."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        directory = conn.execute("SHOW data_directory").fetchone()[0]
    try:
        pid = int(Path(directory, "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None
    return pid if Path(f"/proc/{pid}").exists() else None


def database_tree(postmaster: int, database: str) -> Callable[[dict[int, Proc]], set[int]]:
    """The postmaster, its auxiliary processes and the backends (and their parallel workers)
    serving ``database``; not the backends or autovacuum workers of other databases."""

    def pick(procs: dict[int, Proc]) -> set[int]:
        titles = {pid: _title(pid) for pid, p in procs.items() if p.ppid == postmaster}
        ours = {pid for pid, title in titles.items() if f" {database} " in title}
        for pid, title in titles.items():
            leader = re.search(r"parallel worker for PID (\d+)", title)
            if leader:
                if int(leader.group(1)) in ours:
                    ours.add(pid)
            elif "(" not in title and "autovacuum worker" not in title:
                ours.add(pid)  # checkpointer, writers, launchers: no client address in the title
        return ours | {postmaster}

    return pick


@dataclass
class Usage:
    """One process group's one-second samples."""

    cpu: list[float] = field(default_factory=list)  # % of the whole machine
    memory: list[float] = field(default_factory=list)  # % of RAM
    memory_kb: list[int] = field(default_factory=list)
    processes: int = 0
    ticks: int = 0  # CPU time used over the window

    def figures(self, requests: int) -> dict:
        return {
            "processes": self.processes,
            "cpu_percent": round(statistics.fmean(self.cpu), 1),
            "cpu_ms_per_request": round(1000 * self.ticks / CLOCK_TICKS / requests, 1),
            "cpu_peak_pct": round(max(self.cpu), 1),
            "memory_percent": round(max(self.memory), 2),
            "memory_mean_pct": round(statistics.fmean(self.memory), 2),
            "memory_peak_mb": round(max(self.memory_kb) / 1024),
        }


class Sampler(threading.Thread):
    """Every second: CPU and memory of each process group, of this process and of the machine."""

    def __init__(self, groups: dict[str, Callable[[dict[int, Proc]], set[int]]]) -> None:
        super().__init__(daemon=True)
        self.groups = groups
        self.usage = {name: Usage() for name in groups}
        self.generator_cpu: list[float] = []
        self.machine_cpu: list[float] = []
        self.load_average: list[float] = []
        self.ram_kb = _meminfo_kb("MemTotal")
        self._finished = threading.Event()

    def stop(self) -> None:
        self._finished.set()
        self.join()

    def run(self) -> None:
        before = _processes()
        machine_before = _machine_ticks()
        own_before = sum(os.times()[:2])
        clock = time.monotonic()
        while not self._finished.wait(1.0):
            procs = _processes()
            machine = _machine_ticks()
            own = sum(os.times()[:2])
            now = time.monotonic()
            capacity = (now - clock) * CLOCK_TICKS * CPUS  # ticks all CPUs could have spent
            for name, pick in self.groups.items():
                pids = pick(procs)
                # A process started since the last sample spent all its ticks within it.
                used = sum(
                    procs[p].ticks - (before[p].ticks if p in before else 0)
                    for p in pids
                    if p in procs
                )
                pss = sum(_pss_kb(p) for p in pids)
                usage = self.usage[name]
                usage.ticks += used
                usage.cpu.append(100 * used / capacity)
                usage.memory.append(100 * pss / self.ram_kb)
                usage.memory_kb.append(pss)
                usage.processes = max(usage.processes, len(pids))
            busy, total = machine[0] - machine_before[0], machine[1] - machine_before[1]
            self.machine_cpu.append(100 * busy / total if total else 0.0)
            self.generator_cpu.append(100 * (own - own_before) / ((now - clock) * CPUS))
            self.load_average.append(os.getloadavg()[0])
            before, machine_before, own_before, clock = procs, machine, own, now


# --- the citizens -------------------------------------------------------------------------------


@dataclass
class Tally:
    """What the citizens saw during the measured window."""

    opens_at: float
    closes_at: float
    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    in_flight: int = 0
    in_flight_peak: int = 0

    def counts(self, started: float) -> bool:
        return self.opens_at <= started < self.closes_at


@dataclass(frozen=True)
class Plan:
    base: str
    codes: list[str]  # existing dossier codes
    procedures: list[str]  # procedure page paths, for a citizen who has not searched yet
    ramp_seconds: float


def _address(n: int) -> str:
    """A client address of its own for citizen ``n``."""
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


async def _fetch(
    session: aiohttp.ClientSession, url: str, page: str, tally: Tally, *, expect: int = 200
) -> str:
    """GET ``url``, counting it if it started in the measured window; the body ('' on error)."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    counted = tally.counts(started)
    tally.in_flight += 1
    if counted:
        tally.in_flight_peak = max(tally.in_flight_peak, tally.in_flight)
    body, error = "", None
    try:
        async with session.get(url) as response:
            body = await response.text()
            if response.status != expect:
                error = f"http_{response.status}"
    except TimeoutError:
        error = "timeout"
    except aiohttp.ClientError:
        error = "connection"
    finally:
        tally.in_flight -= 1
    if counted:
        tally.seconds[page].append(loop.time() - started)
        if error:
            tally.errors[error] += 1
    return body if error is None else ""


async def citizen(n: int, plan: Plan, tally: Tally) -> None:
    """One person browsing the portal until the window closes."""
    rng = random.Random(n)
    loop = asyncio.get_running_loop()
    await asyncio.sleep(rng.uniform(0, plan.ramp_seconds))
    found: list[str] = []  # procedure pages of the last search
    pages, weights = list(PAGES), list(PAGES.values())
    async with aiohttp.ClientSession(
        plan.base,
        headers={"X-Forwarded-For": _address(n + 1), "Accept-Language": "vi"},
        timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS),
    ) as session:
        while loop.time() < tally.closes_at:
            page = rng.choices(pages, weights)[0]
            if page == "home":
                await _fetch(session, "/", page, tally)
            elif page == "search":
                query = rng.choice(SEARCHES)
                body = await _fetch(session, f"/thu-tuc/?q={query}", page, tally)
                found = PROCEDURE_LINK.findall(body) or found
            elif page == "procedure":
                await _fetch(session, rng.choice(found or plan.procedures), page, tally)
            elif page == "tracking":
                if rng.random() < 0.05:
                    code = f"000.90.01.H48-{rng.randint(100000, 999999)}-9{rng.randint(0, 999):03d}"
                    await _fetch(session, f"/tra-cuu/?ma={code}", page, tally, expect=404)
                else:
                    await _fetch(session, f"/tra-cuu/?ma={rng.choice(plan.codes)}", page, tally)
            else:
                await _fetch(session, "/thong-ke/", page, tally)
            await asyncio.sleep(min(rng.uniform(*THINK_SECONDS), tally.closes_at - loop.time()))


async def crowd(users: int, plan: Plan, duration: float, sampler: Sampler) -> Tally:
    loop = asyncio.get_running_loop()
    opens_at = loop.time() + plan.ramp_seconds
    tally = Tally(opens_at, opens_at + duration)
    tasks = [asyncio.create_task(citizen(n, plan, tally)) for n in range(users)]
    await asyncio.sleep(plan.ramp_seconds)
    sampler.start()
    await asyncio.sleep(duration)
    await asyncio.to_thread(sampler.stop)  # joining here would hold up requests in flight
    print("bench: window closed, waiting for the citizens' last requests", flush=True)
    await asyncio.gather(*tasks)
    return tally


# --- the run ------------------------------------------------------------------------------------


def tracked_codes(database_url: str) -> list[str]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT code FROM dossiers_dossier ORDER BY random() LIMIT %s", [TRACKED_CODES]
        ).fetchall()
    if not rows:
        raise SystemExit(f"bench: no dossiers in {database_url}")
    return [code for (code,) in rows]


def procedure_pages(base: str) -> list[str]:
    """The procedure pages linked from the first catalogue page (also warms every worker)."""
    with urllib.request.urlopen(f"{base}/thu-tuc/", timeout=60) as response:  # noqa: S310
        paths = sorted(set(PROCEDURE_LINK.findall(response.read().decode())))
    if not paths:
        raise SystemExit("bench: the catalogue page links to no procedure page")
    return paths


def figures(users: int, duration: float, tally: Tally, sampler: Sampler) -> dict:
    every = [s for samples in tally.seconds.values() for s in samples]
    errors = sum(tally.errors.values())
    machine_busy = statistics.fmean(sampler.machine_cpu)
    ours = sum(statistics.fmean(u.cpu) for u in sampler.usage.values())
    generator = statistics.fmean(sampler.generator_cpu)
    return {
        "concurrent_users": users,
        "requests": len(every),
        "errors": errors,
        "error_rate": round(errors / len(every), 5),
        "errors_by_kind": dict(tally.errors),
        "throughput_rps": round(len(every) / duration, 1),
        "in_flight_peak": tally.in_flight_peak,
        "response": summary(every),
        "pages": {page: summary(samples) for page, samples in sorted(tally.seconds.items())},
        **{name: usage.figures(len(every)) for name, usage in sampler.usage.items()},
        "load_generator": {
            "cpu_pct": round(generator, 1),
            "cpu_peak_pct": round(max(sampler.generator_cpu), 1),
        },
        "machine": {
            "cpus": CPUS,
            "ram_mb": round(sampler.ram_kb / 1024),
            "cpu_busy_pct": round(machine_busy, 1),
            "other_work_cpu_pct": round(max(0.0, machine_busy - ours - generator), 1),
            "load_average_1m_mean": round(statistics.fmean(sampler.load_average), 2),
            "load_average_1m_peak": round(max(sampler.load_average), 2),
        },
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 users, 20 s, 10,000 dossiers")
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--duration", type=float, default=120.0, help="measured seconds")
    parser.add_argument("--dossiers", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2 * CPUS + 1, help="gunicorn workers")
    parser.add_argument("--keep", action="store_true", help=f"reuse/keep the {DATABASE} database")
    args = parser.parse_args(argv)
    if args.quick:
        args.users, args.duration, args.dossiers = 100, 20.0, 10_000
    ramp = 5.0 if args.quick else 15.0
    url = f"{common.PG_SERVER}/{DATABASE}"
    print(f"bench: load average before: {os.getloadavg()}", flush=True)
    built = common.prepare(url, args.dossiers, keep=args.keep)
    try:
        codes = tracked_codes(url)
        postmaster = postmaster_pid(url)
        with gunicorn(url, args.workers) as (base, master):
            plan = Plan(base, codes, procedure_pages(base), ramp)
            groups = {"app_server": app_tree(master)}
            if postmaster is None:
                print("bench: PostgreSQL runs elsewhere, its utilisation is not measured")
            else:
                groups["database_server"] = database_tree(postmaster, DATABASE)
            sampler = Sampler(groups)
            print(
                f"bench: {args.users} citizens, {ramp:.0f} s ramp-up, {args.duration:.0f} s "
                "measured",
                flush=True,
            )
            tally = asyncio.run(crowd(args.users, plan, args.duration, sampler))
    finally:
        common.finish(url, keep=args.keep)
    result = {
        "data": built.figures(),
        "gunicorn_workers": args.workers,
        "duration_seconds": args.duration,
        **figures(args.users, args.duration, tally, sampler),
    }
    common.print_figures(result)
    for name in ("app_server", "database_server", "load_generator", "machine"):
        if name in result:
            print(f"{name:>40}: {result[name]}")
    print(
        f"{'load':>40}: {result['requests']} requests, {result['throughput_rps']}/s, "
        f"error rate {result['error_rate']}, {result['errors_by_kind']}"
    )
    if result["machine"]["other_work_cpu_pct"] > OTHER_WORK_PCT:
        print(
            "bench: WARNING: other work used "
            f"{result['machine']['other_work_cpu_pct']} % of the machine's CPU; the server may "
            "have got less than the load asked for: run again on a quiet machine",
            file=sys.stderr,
        )
    common.record(NAME, {"postgresql": result}, CRITERIA)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
