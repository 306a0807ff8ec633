"""What goes into the frozen GymTimer and what is trimmed out: shared by the specs, the smoke test and the benchmark.

Every trim is named, so that ``benchmarks/bundle.py`` can build with and
without it and measure what it saves. Each was checked against the
self-test (``gymtimer --self-test``): see docs/packaging.md for the
table, and for what broke when more was trimmed.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

from gymtimer.vision.pose import MODEL_FILES

ROOT = Path(__file__).resolve().parent.parent
#: The sounds, voice clips, icons and desktop files: package data, found by gymtimer/resources.py.
RESOURCES = ROOT / "gymtimer" / "assets"
#: Where they go inside the bundle (gymtimer/resources.py looks there when frozen).
BUNDLE_RESOURCES = Path("gymtimer", "assets")
#: Folders of the assets that the running app never reads (they are for installers and packagers).
BUILD_ONLY_RESOURCE_FOLDERS = ("desktop",)

#: The group of EXCLUDED_MODULES that a build with the body model (GYMTIMER_WITH_POSE=1) does not exclude.
BODY_MODEL = "the body model"
#: Modules of other groups that the body model needs. Not matplotlib: ``import mediapipe`` imports its drawing
#: helpers, which import matplotlib.pyplot, but the model never draws; gymtimer/vision/pose.py answers that import
#: with a stand-in where matplotlib is not there. With matplotlib (and the unittest module its pyparsing needs)
#: the bundle with the model was 40 MB bigger (docs/packaging.md).
BODY_MODEL_NEEDS: tuple[str, ...] = ()
#: Parts of mediapipe the pose solution never imports, left out of a build with the body model too.
BODY_MODEL_UNUSED = ["mediapipe.model_maker", "mediapipe.examples"]
#: The only data files of mediapipe that the legacy Pose solution (``model_complexity=1``) opens: its graph and its
#: two models. The wheel's other models (face, hands, holistic, segmentation: ~23 MB) stay out.
#: The app checks for the same files (gymtimer/vision/pose.py).
BODY_MODEL_FILES = MODEL_FILES

#: Python modules the app never imports, though a library it uses mentions them.
#: NOT PySide6.QtNetwork (PySide6.QtMultimedia imports it, and libQt6Multimedia links libQt6Network),
#: NOT pydoc (pyqtgraph needs it), NOT PySide6.QtOpenGL or QtOpenGLWidgets (pyqtgraph's plots
#: import them: the self-test failed without).
EXCLUDED_MODULES: dict[str, list[str]] = {
    "tkinter": ["tkinter", "_tkinter"],
    # The development tools (dev/gymtimer_dev: soak mode, sample history, harnesses) and the tests:
    # the app imports none of them (an import contract says so); named here so no hook brings them in.
    "development tools and tests": ["gymtimer_dev", "tests", "pytest", "_pytest", "pytestqt", "hypothesis"],
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
        # Collected beside QtMultimedia; the app imports neither (libQt6MultimediaWidgets goes with it).
        "PySide6.QtMultimediaWidgets",
        "PySide6.QtConcurrent",
    ],
    # GymTimer never goes online (a phone camera on the local network is plain http or rtsp): without ssl
    # and _hashlib the bundle carries no OpenSSL or Kerberos
    # (hashlib falls back to Python's own digests).
    "ssl and OpenSSL": ["ssl", "_ssl", "_hashlib"],
    "readline and terminal": ["readline", "curses", "_curses"],
    # numpy imports these lazily, on first use of np.random / np.f2py; nothing in GymTimer or the parts
    # of pyqtgraph it draws with uses them. Their extension modules go with them (docs/packaging.md).
    "numpy.random and numpy.f2py": ["numpy.random", "numpy.f2py"],
    # The optional body model (`make pose`, gymtimer/vision/pose.py imports it lazily): ~71 MB installed. The default frozen app draws the box by hand and says the model is not in it;
    # a build with GYMTIMER_WITH_POSE=1 keeps it (see BODY_MODEL_FILES).
    BODY_MODEL: ["mediapipe"],
    "pyqtgraph extras": ["pyqtgraph.opengl", "pyqtgraph.examples", "pyqtgraph.jupyter", "OpenGL", "scipy", "matplotlib", "h5py", "cupy", "numba"],
}

#: Files dropped from the analysed binaries and data (TOC destination names, fnmatch patterns).
EXCLUDED_FILES: dict[str, list[str]] = {
    "Qt translations": ["PySide6/Qt/translations/*"],
    "Qt virtual keyboard and input-context plugins": ["PySide6/Qt/plugins/platforminputcontexts/*", "*libQt6VirtualKeyboard*"],
    # Wayland stays: a lifter on a Wayland desktop gets a native window rather than XWayland's.
    "framebuffer, VNC, EGL-device and Vulkan-display platform plugins": [
        "PySide6/Qt/plugins/platforms/libqeglfs*",
        "PySide6/Qt/plugins/platforms/libqminimalegl*",
        "PySide6/Qt/plugins/platforms/libqvnc*",
        "PySide6/Qt/plugins/platforms/libqlinuxfb*",
        "PySide6/Qt/plugins/platforms/libqvkkhrdisplay*",  # Vulkan straight to a display, no window system
        "PySide6/Qt/plugins/egldeviceintegrations/*",
        "*libQt6EglFSDeviceIntegration*",
        "*libQt6EglFsKmsSupport*",
        "*libQt6EglFsKmsGbmSupport*",
    ],
    # The app draws PNG and SVG icons; charts export PNG. Photos formats are never read.
    "unused image-format plugins": [
        f"PySide6/Qt/plugins/imageformats/*{name}*" for name in ("qtiff", "qwebp", "qtga", "qwbmp", "qgif", "qjpeg")
    ],
    # GymTimer never goes online: Qt Network stays (Qt Multimedia links it), its plugins do not. The
    # OpenSSL libraries at the top of the bundle are there for the TLS plugin, which loads them by
    # name (nothing links them), and for FFmpeg's network code (trimmed below).
    "network-information and TLS plugins": [
        "PySide6/Qt/plugins/networkinformation/*",
        "PySide6/Qt/plugins/tls/*",
        "libssl.so*",
        "libcrypto.so*",
    ],
    # Touchscreen and evdev input for embedded boards without a window system.
    "evdev and TUIO input plugins": ["PySide6/Qt/plugins/generic/*"],
    # The GTK theme plugin drags the whole GTK stack (cairo, pango, gdk-pixbuf, atk...) into the
    # bundle; without it Qt uses the XDG desktop portal theme. Its libraries go with it (drop_files).
    "GTK platform theme and the GTK libraries": ["PySide6/Qt/plugins/platformthemes/libqgtk3*"],
    # The cues are WAV clips read by Python's wave module and played through one QAudioSink; Qt
    # Multimedia opens sound outputs (PulseAudio, PipeWire) itself, in libQt6Multimedia, with no
    # backend plugin. The FFmpeg backend is only for QMediaPlayer, QAudioDecoder, video and
    # recording, none of which the app uses; FFmpeg, Qt Quick and QML are linked by it alone.
    # Without a backend Qt prints "No QtMultimedia backends found. Only QMediaDevices, QAudioDevice,
    # QSoundEffect, QAudioSink, and QAudioSource are available." once: that is expected.
    "Qt Multimedia's FFmpeg backend, with FFmpeg, Qt Quick and QML": ["PySide6/Qt/plugins/multimedia/*"],
    # Qt's PDF image plugin links Qt Pdf; the app never reads a PDF as an image.
    "PDF image-format plugin and Qt Pdf": ["PySide6/Qt/plugins/imageformats/*qpdf*"],
    # pyqtgraph's own application icon is set only by pg.mkQApp(), which GymTimer never calls (it has
    # its own icon); its colour maps are read only by pg.colormap.get(). Neither file is opened when
    # the charts are drawn (strace of the self-test).
    "pyqtgraph's application icon and colour maps": ["pyqtgraph/icons/peegee/*", "pyqtgraph/colors/maps/*"],
}


#: Trims proved by the self-test on Linux only. On Windows and macOS Qt Multimedia's own audio code
#: (WASAPI, Core Audio) should play the cues without a backend as well, but until a self-test on
#: each says so, those builds keep the backend plugin.
LINUX_ONLY_TRIMS = frozenset({"Qt Multimedia's FFmpeg backend, with FFmpeg, Qt Quick and QML"})

#: Libraries stripped of their symbol tables and debug symbols (``strip --strip-unneeded``): what the
#: dynamic loader and dlsym need (.dynsym) stays. Only these: strip=True on every binary breaks
#: numpy, whose libraries auditwheel rewrote with patchelf. Each is checked by the self-test.
STRIPPED: dict[str, str] = {
    # libpython and lib-dynload (Debian's libpython carries its debug symbols); the system's other
    # libraries come from the same prefix but are stripped already.
    "debug symbols and symbol tables of Python's own libraries": "python",
    "symbol tables of Qt's ICU libraries": "PySide6/Qt/lib/libicu*",
    # Only in a build with the body model: its bindings (29 MB) ship with their symbol table.
    "symbol table of the body model's bindings": "mediapipe/python/_framework_bindings*",
}

def runtime_resources() -> list[tuple[str, str]]:
    """(source file, bundle folder) pairs: the package's assets minus build-only folders."""
    pairs = []
    for path in sorted(RESOURCES.rglob("*")):
        relative = path.relative_to(RESOURCES)
        if not path.is_file() or relative.parts[0] in BUILD_ONLY_RESOURCE_FOLDERS:
            continue
        if path.suffix in (".py", ".pyc") or "__pycache__" in relative.parts:
            continue
        pairs.append((str(path), str(BUNDLE_RESOURCES / relative.parent)))
    return pairs


def runtime_resource_names() -> set[str]:
    """The names the bundle's assets folder must hold, relative to it."""
    return {str(Path(folder, Path(source).name).relative_to(BUNDLE_RESOURCES)) for source, folder in runtime_resources()}


def excluded_modules(skip: frozenset[str] = frozenset(), with_pose: bool = False) -> list[str]:
    """Every excluded module, less the groups named in ``skip``; ``with_pose``: less what the body model needs."""
    if with_pose:
        skip = skip | {BODY_MODEL}
    names = [name for group, names in EXCLUDED_MODULES.items() if group not in skip for name in names]
    if with_pose:
        names = [name for name in names if name not in BODY_MODEL_NEEDS] + BODY_MODEL_UNUSED
    return names


def body_model_files() -> list[tuple[str, str]]:
    """(source file, bundle folder) pairs of BODY_MODEL_FILES, from the installed mediapipe package.

    Raises SystemExit, in words, when the body model is not installed (``make pose``) or lacks a file.
    """
    import importlib.util

    spec = importlib.util.find_spec("mediapipe")
    if spec is None or spec.origin is None:
        raise SystemExit("A build with the body model needs it installed: `make pose` (Python up to 3.12)")
    package = Path(spec.origin).parent
    pairs = []
    for name in BODY_MODEL_FILES:
        source = package / name
        if not source.is_file():
            raise SystemExit(f"The body model's file {source} is missing: reinstall it with `make pose`")
        pairs.append((str(source), str(Path("mediapipe", name).parent)))
    return pairs


def drop_files(binaries, datas, skip: frozenset[str] = frozenset()):
    """``binaries`` and ``datas`` without the EXCLUDED_FILES entries and the libraries only they needed.

    Trims are applied in the order of EXCLUDED_FILES; after each, every shared library that no
    kept binary links any more (see :func:`unlinked_libraries`) goes too, and its bytes are counted
    to that trim, so the table of savings names the trim that made them. Returns the two lists and
    the bytes dropped per trim.
    """
    import sys

    if not sys.platform.startswith("linux"):
        skip = skip | LINUX_ONLY_TRIMS
    dropped = {group: 0 for group in EXCLUDED_FILES if group not in skip}
    # Only what a trim orphans goes with it: a library nothing linked from the start stays, unless
    # a trim names it (PyInstaller may have collected it to be loaded with dlopen by name).
    unlinked_from_start = unlinked_libraries(binaries)
    for group in dropped:
        patterns = EXCLUDED_FILES[group]
        gone = [entry for entry in (*binaries, *datas) if _matches(entry, patterns)]
        binaries = [entry for entry in binaries if not _matches(entry, patterns)]
        datas = [entry for entry in datas if not _matches(entry, patterns)]
        unlinked = unlinked_libraries(binaries) - unlinked_from_start
        gone += [entry for entry in binaries if entry[0] in unlinked]
        binaries = [entry for entry in binaries if entry[0] not in unlinked]
        dropped[group] += sum(_size(entry) for entry in gone)
    # Links from the top of the bundle to a library that went (PyInstaller puts them in datas).
    names = {entry[0] for entry in (*binaries, *datas)}
    datas = [entry for entry in datas if entry[2] != "SYMLINK" or entry[1] in names]
    return binaries, datas, dropped


def unlinked_libraries(binaries) -> set[str]:
    """Bundle names of the shared libraries that nothing left in ``binaries`` loads (Linux only).

    What the app loads is reached from Python's extension modules, Qt's plugins (Qt loads them
    by path) and libpython (the bootloader loads it), through the libraries each one links
    (ELF NEEDED entries), transitively. Any other shared library is dead weight: PyInstaller
    collected it for a plugin that was dropped, or for a library loaded with dlopen by name
    (OpenSSL for Qt's TLS plugin) by a plugin that is no longer there.
    """
    import os
    import sys

    if not sys.platform.startswith("linux"):
        return set()
    from PyInstaller.depend import bindepend

    def is_root(entry) -> bool:
        dest = entry[0].replace("\\", "/")
        name = os.path.basename(dest)
        return entry[2] != "BINARY" or "/plugins/" in dest or name.startswith("libpython") or ".so" not in name

    by_name: dict[str, list] = {}
    for entry in binaries:
        by_name.setdefault(os.path.basename(entry[0]), []).append(entry)
    reached = {entry[0] for entry in binaries if is_root(entry)}
    todo = [entry for entry in binaries if is_root(entry)]
    while todo:
        entry = todo.pop()
        for needed in _linked_names(entry[1], bindepend):
            for library in by_name.get(needed, ()):
                if library[0] not in reached:
                    reached.add(library[0])
                    todo.append(library)
    return {entry[0] for entry in binaries if entry[0] not in reached}


def _matches(entry, patterns) -> bool:
    return any(fnmatch.fnmatch(entry[0].replace("\\", "/"), pattern) for pattern in patterns)


_LINKED: dict[str, set[str]] = {}


def _linked_names(path: str, bindepend) -> set[str]:
    if path not in _LINKED:
        _LINKED[path] = {name for name, _ in bindepend.get_imports(path)}
    return _LINKED[path]


def _size(entry) -> int:
    if entry[2] == "SYMLINK":
        return 0
    try:
        return Path(entry[1]).stat().st_size
    except OSError:
        return 0


def strip_symbols(toc, workpath: str, group: str):
    """``toc`` with the libraries of STRIPPED[group] replaced by stripped copies; bytes saved."""
    import shutil
    import subprocess
    import sys

    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or strip is None:
        return toc, 0
    which = STRIPPED[group]
    base = Path(sys.base_prefix).resolve()
    folder = Path(workpath, "stripped")
    out, saved = [], 0
    for dest, source, kind in toc:
        path = Path(source).resolve()
        if which == "python":
            chosen = base in path.parents and "site-packages" not in path.parts
        else:
            chosen = fnmatch.fnmatch(dest.replace("\\", "/"), which)
        if kind not in ("BINARY", "EXTENSION") or not chosen:
            out.append((dest, source, kind))
            continue
        copy = folder / dest
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
        subprocess.run([strip, "--strip-unneeded", str(copy)], check=True)
        saved += path.stat().st_size - copy.stat().st_size
        out.append((dest, str(copy), kind))
    return out, saved
