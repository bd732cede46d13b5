"""Official papers and signatures per second on this machine (``python bench/documents.py``).

1. Receipts (Mẫu 01, A5, with QR code): ``--count`` dossiers received at the counter, then
   for each one the form is built from the database and rendered to PDF — receipts per second,
   and the same for DOCX.
2. Signatures: the receipt PDFs signed PAdES with a PKCS#12 key of a CA made on the spot
   (visible stamp with the Vietnamese signer name, no TSA: a TSA's latency is the network's) —
   signatures per second; then each signed PDF verified against the CA — verifications per
   second.

Runs against a fresh SQLite database ``var/bench/documents.sqlite3`` and writes
``var/bench/documents.json`` (through ``common.record``).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"


def configure() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "documents.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.base")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def rate(label: str, items: list, work) -> tuple[dict, list]:
    durations, outputs = [], []
    began = time.perf_counter()
    for item in items:
        start = time.perf_counter()
        outputs.append(work(item))
        durations.append(time.perf_counter() - start)
    total = time.perf_counter() - began
    figures = {
        "n": len(items),
        "per_second": round(len(items) / total, 1),
        "median_ms": round(statistics.median(durations) * 1000, 1),
        "max_ms": round(max(durations) * 1000, 1),
    }
    print(f"  {label}: {figures['per_second']}/s (median {figures['median_ms']} ms)", flush=True)
    return figures, outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    args = parser.parse_args()
    configure()

    from motcua.documents import services, signing
    from motcua.documents.registry import FormKind
    from motcua.documents.tests.pki import PKCS12_PASSWORD, build
    from motcua.documents.verification import load_trust_roots, verify_pdf
    from motcua.dossiers.tests.world import Clock, build_world, counter_dossier

    world = build_world()
    clock = Clock()
    dossiers = [counter_dossier(world, clock, now=clock.tick(1)) for _ in range(args.count)]
    # The first paper pays for loading fonts; a server process does that once.
    services.render_document(services.build_form(dossiers[0], FormKind.RECEIPT), "pdf")

    results = {}
    results["receipts_pdf"], pdfs = rate(
        "receipts (PDF)",
        dossiers,
        lambda d: services.render_document(services.build_form(d, FormKind.RECEIPT), "pdf"),
    )
    results["receipts_docx"], _ = rate(
        "receipts (DOCX)",
        dossiers,
        lambda d: services.render_document(services.build_form(d, FormKind.RECEIPT), "docx"),
    )
    with tempfile.TemporaryDirectory() as folder:
        pki = build(Path(folder))
        config = signing.SignerConfig(pkcs12_file=str(pki.pkcs12), pkcs12_password=PKCS12_PASSWORD)
        results["signatures"], signed = rate(
            "signatures (PAdES B-B, PKCS#12, visible stamp)",
            [p.content for p in pdfs],
            lambda pdf: signing.sign_pdf(pdf, config=config, reason="Ký Giấy tiếp nhận"),
        )
        roots = load_trust_roots([str(pki.root_pem)])
        results["verifications"], reports = rate(
            "verifications", signed, lambda pdf: verify_pdf(pdf, trust_roots=roots)
        )
        assert all(r.ok for r in reports), "a benchmark signature did not verify"

    from common import record

    results["machine"] = {"cpus": os.cpu_count(), "arch": platform.machine()}
    record("documents", results, ["PL2-2.3", "PL5-10"])


if __name__ == "__main__":
    main()
