"""The PDF of a generated .docx, by LibreOffice headless (`soffice --headless --convert-to pdf`).

Runs in the worker when a bulletin is generated. Each conversion gets its own throw-away LibreOffice
profile, so two workers never fight over one profile's lock, and a font map (`data/fonts.conf`) that
renders the official font names with the free CJK fonts present when the official ones are absent.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

FONTS_CONF = Path(__file__).parent / "data" / "fonts.conf"
TIMEOUT_SECONDS = 180


class ConversionFailed(Exception):
    """The PDF could not be made; the message is shown on the bulletin page (Chinese)."""


def converter() -> str | None:
    configured: str = settings.YINGSHANG.get("SOFFICE", "")
    return configured or shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes:
    exe = converter()
    if exe is None:
        raise ConversionFailed("服务器未安装 LibreOffice（soffice），无法生成PDF。")
    with tempfile.TemporaryDirectory(prefix="bulletin-pdf-") as tmp:
        work = Path(tmp)
        source = work / "bulletin.docx"
        source.write_bytes(data)
        env = {
            **os.environ,
            "HOME": str(work),
            "FONTCONFIG_FILE": str(FONTS_CONF),
            "SAL_USE_VCLPLUGIN": "svp",
        }
        cmd = [
            exe,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            done = subprocess.run(
                cmd, env=env, cwd=work, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"PDF转换超过 {TIMEOUT_SECONDS} 秒未完成。") from None
        except OSError as exc:
            logger.warning("soffice did not start: %s", exc)
            raise ConversionFailed("PDF转换程序无法启动，请联系系统管理员。") from None
        target = work / "bulletin.pdf"
        if done.returncode != 0 or not target.exists():
            logger.warning(
                "soffice failed (%s): %s", done.returncode, done.stderr.decode(errors="replace")[-500:]
            )
            raise ConversionFailed("PDF转换失败，请稍后重新生成。")
        return target.read_bytes()
