"""Read PDFs back with poppler-utils, as a person's PDF reader would."""

import re
import subprocess
import unicodedata
from pathlib import Path

MM_PER_PT = 25.4 / 72


def _run(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / f"doc-{abs(hash(pdf))}.pdf"
    path.write_bytes(pdf)
    result = subprocess.run([tool, *args, str(path)], capture_output=True, text=True, check=False)
    return result.stdout + result.stderr


def text(pdf: bytes, tmp_path: Path, crop: tuple[int, int, int, int] | None = None) -> str:
    """pdftotext output, NFC, with line breaks collapsed to spaces (wrapping is layout).
    ``crop`` = (x, y, width, height) in points from the top left, to read one column."""
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    area = []
    if crop:
        area = ["-x", str(crop[0]), "-y", str(crop[1]), "-W", str(crop[2]), "-H", str(crop[3])]
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *area, str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert out == unicodedata.normalize("NFC", out), "pdftotext returned non-NFC text"
    return re.sub(r"\s+", " ", out)


def page_sizes_mm(pdf: bytes, tmp_path: Path) -> list[tuple[int, int]]:
    info = _run("pdfinfo", pdf, tmp_path, "-f", "1", "-l", "999")
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    return [(round(float(w) * MM_PER_PT), round(float(h) * MM_PER_PT)) for w, h in sizes]


def fonts(pdf: bytes, tmp_path: Path) -> list[dict]:
    lines = _run("pdffonts", pdf, tmp_path).splitlines()[2:]
    rows = []
    for line in lines:
        # name type... encoding emb sub uni object ID — the flags are the 3 yes/no columns
        flags = re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
        if flags:
            rows.append({"name": line.split()[0], "embedded": flags.group(1) == "yes"})
    return rows


def pdfsig(pdf: bytes, tmp_path: Path) -> str:
    return _run("pdfsig", pdf, tmp_path)
