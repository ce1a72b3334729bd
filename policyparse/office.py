"""Word 97–2003 `.doc` and WPS Office `.wps` files: converted to .docx by LibreOffice headless.

Debian's `libreoffice-writer-nogui` reads both (they are OLE2 compound files). Each conversion runs with
its own throw-away user profile (`-env:UserInstallation`), so parallel conversions never share one
profile's lock, and under a timeout, so a file that hangs LibreOffice cannot hold a worker.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CONVERT_TIMEOUT_S = 120


class ConversionError(Exception):
    """LibreOffice is missing, timed out, or wrote no .docx; carries a Chinese and an English reason."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, *, suffix: str = ".doc", timeout: float = CONVERT_TIMEOUT_S) -> bytes:
    """The .docx LibreOffice makes of an OLE2 document (`suffix` only guides LibreOffice's filter)."""
    exe = soffice()
    if exe is None:
        raise ConversionError(
            "未安装 LibreOffice，无法读取 Word 97/WPS 文件",
            "LibreOffice (soffice) is not installed; cannot read Word 97/WPS files",
        )
    with tempfile.TemporaryDirectory(prefix="policyparse-soffice-") as tmp:
        work = Path(tmp)
        src = work / f"document{suffix}"
        src.write_bytes(data)
        out = work / "out"
        cmd = [
            exe,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(src),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False, cwd=work)
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(
                f"文件转换超时（{int(timeout)} 秒）", f"conversion timed out after {int(timeout)} s"
            ) from exc
        except OSError as exc:
            raise ConversionError("无法启动 LibreOffice", f"cannot start LibreOffice ({exc})") from exc
        result = out / "document.docx"
        if not result.exists() or result.stat().st_size == 0:
            raise ConversionError("文件无法转换（可能已损坏）", "LibreOffice could not convert the file")
        return result.read_bytes()
