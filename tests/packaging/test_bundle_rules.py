"""Trims take with them the libraries only the dropped files linked, and nothing the app still links."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import bundle_rules  # packaging/bundle_rules.py (packaging/ is on the tests' import path)

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the trims follow ELF links (Linux)")

FFMPEG = "Qt Multimedia's FFmpeg backend, with FFmpeg, Qt Quick and QML"


@pytest.fixture
def qt():
    """The real Qt files of the installed PySide6: the links between them are what is tested."""
    pytest.importorskip("PyInstaller")
    import PySide6

    folder = Path(PySide6.__file__).parent
    if not (folder / "Qt" / "plugins" / "multimedia").is_dir():
        pytest.skip("this PySide6 has no Qt Multimedia backend plugin")
    return folder


def entry(folder: Path, relative: str, kind: str = "BINARY"):
    """A PyInstaller TOC entry for a file of PySide6, named as in the bundle."""
    return (f"PySide6/{relative}", str(folder / relative), kind)


def only(group: str) -> frozenset[str]:
    """Every trim but ``group``, to skip."""
    return frozenset(bundle_rules.EXCLUDED_FILES) - {group}


def test_dropping_the_ffmpeg_plugin_drops_qt_quick_and_keeps_what_qt_multimedia_links(qt):
    plugin = next((qt / "Qt" / "plugins" / "multimedia").glob("libffmpegmediaplugin*"))
    binaries = [
        entry(qt, next(qt.glob("QtMultimedia.*.so")).name, "EXTENSION"),
        entry(qt, f"Qt/plugins/multimedia/{plugin.name}"),
        entry(qt, "Qt/lib/libQt6Multimedia.so.6"),
        entry(qt, "Qt/lib/libQt6Network.so.6"),  # libQt6Multimedia links it
        entry(qt, "Qt/lib/libQt6Quick.so.6"),  # only the plugin links it
    ]
    links = [("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),
             ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK")]

    kept, datas, dropped = bundle_rules.drop_files(binaries, links, skip=only(FFMPEG))

    names = [name for name, *_ in kept]
    assert names == [binaries[0][0], "PySide6/Qt/lib/libQt6Multimedia.so.6", "PySide6/Qt/lib/libQt6Network.so.6"]
    assert datas == [links[1]]  # no link left pointing at the dropped Qt Quick
    expected = plugin.stat().st_size + (qt / "Qt" / "lib" / "libQt6Quick.so.6").stat().st_size
    assert dropped == {FFMPEG: expected}


def test_a_library_nothing_linked_before_any_trim_stays(qt):
    # PyInstaller collects some libraries to be opened by name (OpenSSL for the TLS plugin): a trim
    # must not take a library it did not orphan, unless its patterns name it.
    binaries = [
        entry(qt, next(qt.glob("QtMultimedia.*.so")).name, "EXTENSION"),
        entry(qt, "Qt/lib/libQt6Multimedia.so.6"),
        entry(qt, "Qt/lib/libQt6Quick.so.6"),  # linked by nothing from the start
    ]

    kept, _, dropped = bundle_rules.drop_files(binaries, [], skip=only(FFMPEG))

    assert kept == binaries
    assert dropped == {FFMPEG: 0}


def test_unlinked_libraries_follow_links_through_libraries(qt):
    binaries = [
        entry(qt, next(qt.glob("QtMultimedia.*.so")).name, "EXTENSION"),
        entry(qt, "Qt/lib/libQt6Multimedia.so.6"),  # linked by the extension
        entry(qt, "Qt/lib/libQt6Concurrent.so.6"),  # linked by libQt6Multimedia only, not by the extension
        entry(qt, "Qt/lib/libQt6Quick.so.6"),
    ]

    assert bundle_rules.unlinked_libraries(binaries) == {"PySide6/Qt/lib/libQt6Quick.so.6"}


def test_no_module_the_live_camera_imports_is_excluded_from_the_bundle():
    # The watched workout of the frozen self-test proves it end to end (slow); this says which module, at once.
    import json
    import subprocess

    code = ("import json, sys, cv2, gymtimer.vision.live, gymtimer.vision.cli, gymtimer.live.camera, "
            "gymtimer.live.watching, gymtimer.core.coach, gymtimer.self_test; print(json.dumps(sorted(sys.modules)))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True,
                         cwd=PACKAGING.parent)
    loaded = json.loads(run.stdout)
    excluded = bundle_rules.excluded_modules()

    # http.client (a network camera's stream) imports ssl only where it is there; the frozen app has none, and
    # says an https address cannot be used (tests/vision/test_network_camera.py).
    optional = {"ssl", "_ssl"}

    assert "cv2" in loaded and "gymtimer.vision.tracker" in loaded
    assert [name for name in loaded if name not in optional
            and any(name == ex or name.startswith(ex + ".") for ex in excluded)] == []


def test_the_development_tools_ship_apart_from_the_app():
    """The soak mode, the sample history and the harnesses live in gymtimer_dev: no module of the app carries
    them, importing every module of the app loads none of them, and the bundle excludes them by name."""
    import json
    import os
    import pkgutil
    import subprocess

    import gymtimer_dev

    code = ("import importlib, json, pkgutil, sys, gymtimer\n"
            "names = [m.name for m in pkgutil.walk_packages(gymtimer.__path__, 'gymtimer.') if m.name != 'gymtimer.__main__']\n"
            "for name in names: importlib.import_module(name)\n"
            "print(json.dumps({'app': names, 'loaded': sorted(sys.modules)}))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True,
                         cwd=PACKAGING.parent, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    found = json.loads(run.stdout.strip().splitlines()[-1])
    tools = {info.name for info in pkgutil.iter_modules(gymtimer_dev.__path__)}

    assert {"soak", "sample_history", "soundcheck", "synthetic", "clock"} <= tools
    assert [name for name in found["app"] if name.rsplit(".", 1)[-1] in tools] == []
    assert [name for name in found["loaded"] if name.split(".")[0] in ("gymtimer_dev", "tests", "pytest")] == []
    assert {"gymtimer_dev", "tests", "pytest"} <= set(bundle_rules.excluded_modules())


def test_the_default_build_leaves_the_body_model_out_and_one_with_it_keeps_only_what_it_needs():
    default = bundle_rules.excluded_modules()
    assert "mediapipe" in default and "matplotlib" in default
    with_pose = bundle_rules.excluded_modules(with_pose=True)
    assert "mediapipe" not in with_pose
    assert "matplotlib" in with_pose  # `import mediapipe` imports pyplot: a stand-in answers (vision/pose.py)
    assert "mediapipe.model_maker" in with_pose and "scipy" in with_pose and "tkinter" in with_pose


def test_a_build_with_the_body_model_carries_its_graph_and_two_models_only():
    from tests.helpers.real_parts import need_body_model

    need_body_model()  # not `import mediapipe`: without matplotlib only vision/pose.py's stand-in lets it load
    files = bundle_rules.body_model_files()

    assert [(Path(source).name, folder) for source, folder in files] == [
        ("pose_landmark_cpu.binarypb", "mediapipe/modules/pose_landmark"),
        ("pose_detection.tflite", "mediapipe/modules/pose_detection"),
        ("pose_landmark_full.tflite", "mediapipe/modules/pose_landmark"),
    ]
    assert all(Path(source).is_file() for source, _ in files)
