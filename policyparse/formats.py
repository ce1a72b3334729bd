"""What a file is, from its bytes: the extension is never trusted.

| kind | how it is recognised |
|---|---|
| `docx` | a zip holding `word/document.xml` |
| `ofd` | a zip holding `OFD.xml` (GB/T 33190) |
| `ole2` | the OLE2 compound-file signature: Word 97–2003 `.doc` and WPS Office `.wps` (both OLE2) |
| `pdf` | `%PDF-` within the first KB (a text layer or not is decided when it is read) |
| `jpeg` `png` | their signatures |
| `text` | anything else without NUL bytes; decoded by `reader.decode` |

A zip that is neither docx nor OFD (xlsx, pptx, an archive) and every other binary is `None`: the reader
gives the one bilingual "unsupported format" error for it.
"""

from __future__ import annotations

import io
import zipfile

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
# Other binaries recognised only to be refused by name in the log (gif, rar, 7z, gzip).
OTHER_BINARY = (b"GIF87a", b"GIF89a", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")

KINDS = ("docx", "ofd", "ole2", "pdf", "jpeg", "png", "text")


def detect(data: bytes) -> str | None:
    """The kind of document `data` is (see the module docstring), or None when it is none of them."""
    head = data[:8]
    if head.startswith(b"PK"):
        return _zip_kind(data)
    if head == OLE2_MAGIC:
        return "ole2"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(JPEG_MAGIC):
        return "jpeg"
    if head == PNG_MAGIC:
        return "png"
    if head.startswith(OTHER_BINARY) or head[:4] == OLE2_MAGIC[:4]:
        return None  # a known binary, or an OLE2 file cut short
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in data[:4096]:
        return "text"
    return None


def _zip_kind(data: bytes) -> str | None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        # A cut-off zip has no central directory: the local headers still name its first parts.
        names = set()
        if b"OFD.xml" in data[:4096]:
            return "ofd"
        if b"word/" in data[:65536] or b"[Content_Types].xml" in data[:4096]:
            return "docx"
        return None
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    return None
