"""What goes into the frozen GymTimer and what is trimmed out: shared by the specs, the smoke test and the benchmark.

Every trim is named, so that ``benchmarks/bundle.py`` can build with and
without it and measure what it saves. Each was checked against the
self-test (``gymtimer --self-test``): see docs/readme-packaging.md for the
table, and for what broke when more was trimmed.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
#: Folders of resources/ that the running app never reads (they are for installers and packagers).
BUILD_ONLY_RESOURCE_FOLDERS = ("desktop",)

#: Python modules the app never imports, though a library it uses mentions them.
#: NOT PySide6.QtNetwork, QtQml or QtQuick (Qt Multimedia needs them), NOT pydoc (pyqtgraph needs it),
#: NOT PySide6.QtOpenGL or QtOpenGLWidgets (pyqtgraph's plots import them: the self-test failed without).
EXCLUDED_MODULES: dict[str, list[str]] = {
    "tkinter": ["tkinter", "_tkinter"],
    "unused Python stdlib": ["unittest", "pdb", "doctest", "lib2to3", "xmlrpc", "pydoc_data", "sqlite3", "distutils"],
    "unused PySide6 modules": [
        "PySide6.QtSvg",
        "PySide6.QtSvgWidgets",
        "PySide6.QtPrintSupport",
        "PySide6.QtTest",
        "PySide6.QtSql",
        "PySide6.QtDBus",
        "PySide6.QtDesigner",
        "PySide6.QtUiTools",
        "PySide6.QtXml",
        "PySide6.QtPdf",
        "PySide6.QtWebEngineCore",
        "PySide6.QtQuick3D",
        "PySide6.QtQuickWidgets",
    ],
    # GymTimer never goes online: without ssl and _hashlib the bundle carries no OpenSSL or Kerberos
    # (hashlib falls back to Python's own digests).
    "ssl and OpenSSL": ["ssl", "_ssl", "_hashlib"],
    "readline and terminal": ["readline", "curses", "_curses"],
    "pyqtgraph extras": ["pyqtgraph.opengl", "pyqtgraph.examples", "pyqtgraph.jupyter", "OpenGL", "scipy", "matplotlib", "h5py", "cupy", "numba"],
}

#: Files dropped from the analysed binaries and data (TOC destination names, fnmatch patterns).
EXCLUDED_FILES: dict[str, list[str]] = {
    "Qt translations": ["PySide6/Qt/translations/*"],
    "Qt virtual keyboard and input-context plugins": ["PySide6/Qt/plugins/platforminputcontexts/*", "*libQt6VirtualKeyboard*"],
    # Wayland stays: a lifter on a Wayland desktop gets a native window rather than XWayland's.
    "framebuffer, VNC and EGL-device platform plugins": [
        "PySide6/Qt/plugins/platforms/libqeglfs*",
        "PySide6/Qt/plugins/platforms/libqminimalegl*",
        "PySide6/Qt/plugins/platforms/libqvnc*",
        "PySide6/Qt/plugins/platforms/libqlinuxfb*",
        "PySide6/Qt/plugins/egldeviceintegrations/*",
        "*libQt6EglFSDeviceIntegration*",
        "*libQt6EglFsKmsSupport*",
        "*libQt6EglFsKmsGbmSupport*",
    ],
    # The app draws PNG and SVG icons; charts export PNG. Photos formats are never read.
    "unused image-format plugins": [
        f"PySide6/Qt/plugins/imageformats/*{name}*" for name in ("qtiff", "qwebp", "qtga", "qwbmp", "qgif", "qjpeg")
    ],
    # GymTimer never goes online: Qt Network stays (Qt Multimedia links it), its plugins do not.
    "network-information and TLS plugins": ["PySide6/Qt/plugins/networkinformation/*", "PySide6/Qt/plugins/tls/*"],
    # Touchscreen and evdev input for embedded boards without a window system.
    "evdev and TUIO input plugins": ["PySide6/Qt/plugins/generic/*"],
    # The GTK theme plugin drags the whole GTK stack (cairo, pango, gdk-pixbuf, atk...) into the
    # bundle; without it Qt uses the XDG desktop portal theme. Its libraries go with ORPHANS below.
    "GTK platform theme and the GTK libraries": ["PySide6/Qt/plugins/platformthemes/libqgtk3*"],
}


#: Debug symbols of the Python interpreter's own libraries (libpython, lib-dynload), stripped with
#: ``strip --strip-debug``. Only these: strip=True on every binary breaks numpy.
STRIP_PYTHON_DEBUG = "debug symbols of Python's own libraries"

#: The trim whose dropped files free system libraries that nothing else links: those go too.
ORPHANS_OF = "GTK platform theme and the GTK libraries"


def runtime_resources() -> list[tuple[str, str]]:
    """(source file, bundle folder) pairs: resources/ minus build-only folders and the scripts that made them."""
    pairs = []
    for path in sorted(RESOURCES.rglob("*")):
        relative = path.relative_to(RESOURCES)
        if not path.is_file() or relative.parts[0] in BUILD_ONLY_RESOURCE_FOLDERS:
            continue
        if path.suffix in (".py", ".pyc") or "__pycache__" in relative.parts:
            continue
        pairs.append((str(path), str(Path("resources") / relative.parent)))
    return pairs


def runtime_resource_names() -> set[str]:
    """The names the bundle's resources/ folder must hold, relative to it."""
    return {str(Path(folder, Path(source).name).relative_to("resources")) for source, folder in runtime_resources()}


def excluded_modules(skip: frozenset[str] = frozenset()) -> list[str]:
    """Every excluded module, less the groups named in ``skip``."""
    return [name for group, names in EXCLUDED_MODULES.items() if group not in skip for name in names]


def drop_files(toc, skip: frozenset[str] = frozenset()):
    """``toc`` without the EXCLUDED_FILES entries (and their orphaned libraries); bytes dropped per group."""
    kept, dropped = [], {group: 0 for group in EXCLUDED_FILES if group not in skip}
    for entry in toc:
        dest = entry[0].replace("\\", "/")
        group = next(
            (g for g, patterns in EXCLUDED_FILES.items() if g not in skip and any(fnmatch.fnmatch(dest, p) for p in patterns)),
            None,
        )
        if group is None:
            kept.append(entry)
            continue
        try:
            dropped[group] += Path(entry[1]).stat().st_size
        except OSError:
            pass
    if ORPHANS_OF in dropped:
        kept, orphan_bytes = _drop_orphan_libraries(kept)
        dropped[ORPHANS_OF] += orphan_bytes
    return kept, dropped


def _drop_orphan_libraries(toc):
    """Drop the top-level shared libraries that no kept binary links to any more (Linux only).

    PyInstaller puts the system libraries a binary needs at the top of the bundle; once a plugin
    is dropped, the libraries only it needed are dead weight. Everything below a folder (Qt, numpy,
    Python's own modules) is kept; only top-level libraries that no kept binary needs go.
    """
    import sys

    if not sys.platform.startswith("linux"):
        return toc, 0
    from PyInstaller.depend import bindepend

    def prunable(entry) -> bool:
        dest = entry[0]
        return entry[2] == "BINARY" and "/" not in dest and not dest.startswith("libpython")

    needed: set[str] = set()
    for entry in toc:
        if entry[2] in ("BINARY", "EXTENSION") and not prunable(entry):
            needed.update(name for name, _ in bindepend.get_imports(entry[1]))
    kept, freed = [], 0
    for entry in toc:
        if prunable(entry) and entry[0] not in needed:
            freed += Path(entry[1]).stat().st_size
        else:
            kept.append(entry)
    return kept, freed


def strip_python_debug(toc, workpath: str):
    """``toc`` with the interpreter's own libraries replaced by copies without debug symbols; bytes saved."""
    import shutil
    import subprocess
    import sys

    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or strip is None:
        return toc, 0
    base = Path(sys.base_prefix).resolve()
    folder = Path(workpath, "stripped")
    out, saved = [], 0
    for dest, source, kind in toc:
        path = Path(source).resolve()
        own = kind in ("BINARY", "EXTENSION") and base in path.parents and "site-packages" not in path.parts
        if not own:
            out.append((dest, source, kind))
            continue
        copy = folder / dest
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
        subprocess.run([strip, "--strip-debug", str(copy)], check=True)
        saved += path.stat().st_size - copy.stat().st_size
        out.append((dest, str(copy), kind))
    return out, saved
