"""The compiled content bundle: the parsed, rendered and checked Course, pickled once into instance/.

Parsing, rendering and checking the whole tree takes most of a second; unpickling the result takes a few
milliseconds. A bundle is named by its key, a hash of everything that decides what the Course holds: every file
under content/ (names and bytes), the loader's own source, the versions of the libraries that parse and render,
and Python's version. Change any of them and the key changes, so a stale bundle is never read: the content is
loaded and checked again (broken content still stops start-up with every problem named) and a new bundle is
written.

Bundles are pickles. They are written and read only by this module, in the instance folder, which also holds the
secret key and the SQLite database: whoever can write there owns the app already.
"""

import hashlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from app.content.course import Course

APP_DIR = Path(__file__).resolve().parent.parent
# What the Course is made from besides content/: our parsing code and the libraries it calls.
LOADER_SOURCES = (APP_DIR / "content", APP_DIR / "languages.py")
LOADER_LIBRARIES = ("markdown", "nh3", "pyyaml", "python-frontmatter")
PREFIX = "content-"
SUFFIX = ".pickle"
KEEP = 8  # bundles kept in the folder (tests load several trees); the oldest go first


@lru_cache(maxsize=1)
def loader_version() -> str:
    """A hash of the loader's source, the versions of its libraries and Python's: the code half of the key."""
    digest = hashlib.sha256(sys.version.encode())
    for name in LOADER_LIBRARIES:
        digest.update(f"{name}=={metadata.version(name)}\0".encode())
    for source in LOADER_SOURCES:
        files = sorted(source.rglob("*.py")) if source.is_dir() else [source]
        for path in files:
            _add_file(digest, path.relative_to(APP_DIR).as_posix(), path.read_bytes())
    return digest.hexdigest()


def content_key(root: Path) -> str:
    """The bundle's key: the loader's version and every file under `root`, by name and bytes."""
    digest = hashlib.sha256(loader_version().encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        _add_file(digest, path.relative_to(root).as_posix(), path.read_bytes())
    return digest.hexdigest()


def _add_file(digest: "hashlib._Hash", name: str, data: bytes) -> None:
    # Lengths keep the fields apart: no two different trees feed the same stream of bytes.
    encoded = name.encode()
    digest.update(len(encoded).to_bytes(4, "big") + encoded + len(data).to_bytes(8, "big"))
    digest.update(data)


def bundle_path(folder: Path, key: str) -> Path:
    return folder / f"{PREFIX}{key}{SUFFIX}"


def read_bundle(folder: Path, key: str) -> Course | None:
    """The Course stored under `key`, or None when there is none (or it cannot be read: it is then rebuilt)."""
    try:
        data = bundle_path(folder, key).read_bytes()
    except OSError:
        return None
    try:
        course = pickle.loads(data)  # noqa: S301 - our own file in the instance folder, named by its content's hash
    except Exception:  # a truncated or foreign file is rebuilt, not trusted
        return None
    return course if isinstance(course, Course) else None


def write_bundle(folder: Path, key: str, course: Course) -> Path:
    """Store the Course under `key`, atomically (workers starting together may race), and drop old bundles."""
    folder.mkdir(parents=True, exist_ok=True)
    target = bundle_path(folder, key)
    with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=".content-", suffix=".tmp", delete=False) as out:
        pickle.dump(course, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(out.name, target)
    _prune(folder, keep=target)
    return target


def _prune(folder: Path, keep: Path) -> None:
    bundles = sorted(folder.glob(f"{PREFIX}*{SUFFIX}"), key=_modified, reverse=True)
    for old in [p for p in bundles if p != keep][KEEP - 1 :]:
        old.unlink(missing_ok=True)


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:  # another process pruned it first
        return 0
