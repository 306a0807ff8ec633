"""Renders gymtimer/assets/icons/gymtimer.svg into the PNG sizes, the Windows .ico and the macOS .icns beside it.

Run after changing the SVG:  python resources/make_icons.py

Qt's SVG renderer draws each size from the vector source (crisper at 16 px
than scaling a big bitmap down); Pillow packs them into the multi-size .ico
and .icns (Qt's own ICO and ICNS writers store a single size per file).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "gymtimer" / "assets" / "icons"
SOURCE = ICONS / "gymtimer.svg"
#: Committed PNG sizes: the hicolor theme sizes of the .desktop icon and the window icon.
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: The .icns holds 16 to 512 px and their @2x variants, so up to 1024 px.
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(size: int) -> bytes:
    """The SVG drawn at ``size`` × ``size`` px, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])  # QImage text/font setup wants an application
    rendered = {size: render(size) for size in sorted({*PNG_SIZES, *ICO_SIZES, *ICNS_SIZES})}
    for size in PNG_SIZES:
        (ICONS / f"gymtimer-{size}.png").write_bytes(rendered[size])
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in rendered.items()}
    biggest = images[max(ICO_SIZES)]
    biggest.save(ICONS / "gymtimer.ico", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
    images[max(ICNS_SIZES)].save(ICONS / "gymtimer.icns", append_images=[images[s] for s in ICNS_SIZES[:-1]])
    del app
    print(f"wrote {len(PNG_SIZES)} PNGs, gymtimer.ico and gymtimer.icns in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
