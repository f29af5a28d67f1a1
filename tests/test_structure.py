"""The code's structure: declared stages across processes, no import cycles, no long functions,
immutable registries."""

from __future__ import annotations

import ast
import pickle
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from adcraft import Brief
from adcraft.registry import Registry

SRC = Path(__file__).resolve().parents[1] / "src"


def _modules() -> dict[str, Path]:
    out = {}
    for f in (SRC / "adcraft").rglob("*.py"):
        name = ".".join(f.relative_to(SRC).with_suffix("").parts)
        out[name.removesuffix(".__init__")] = f
    return out


def _import_graph() -> dict[str, set[str]]:
    """Module → adcraft modules it imports anywhere in its code (lazy imports included)."""
    mods = _modules()

    def resolve(name: str) -> str:
        while name and name not in mods:
            name = name.rsplit(".", 1)[0] if "." in name else ""
        return name

    edges: dict[str, set[str]] = defaultdict(set)
    for mod, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("adcraft"):
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("adcraft")]
            else:
                continue
            for t in targets:
                r = resolve(t)
                if r and r != mod and not mod.startswith(r + "."):  # a package's own __init__ is not a cycle
                    edges[mod].add(r)
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in list(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    x = stack.pop()
                    on.discard(x)
                    comp.append(x)
                    if x == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def test_no_import_cycles_between_modules_or_packages():
    edges = _import_graph()
    assert _cycles(edges) == [], "modules importing each other (directly or round a loop)"
    packages: dict[str, set[str]] = defaultdict(set)
    for mod, targets in edges.items():
        top = mod.split(".")[1] if "." in mod else mod
        for t in targets:
            ttop = t.split(".")[1] if "." in t else t
            if ttop != top and "." in mod and "." in t:
                packages[top].add(ttop)
    assert _cycles(packages) == [], "top-level packages importing each other"


def test_no_function_over_100_lines():
    offenders = []
    for path in _modules().values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > 100:
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)")
    assert offenders == []


def test_generate_reads_in_one_screen():
    tree = ast.parse((SRC / "adcraft" / "pipeline.py").read_text(encoding="utf-8"))
    engine = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Engine")
    generate = next(n for n in engine.body if isinstance(n, ast.FunctionDef) and n.name == "generate")
    assert generate.end_lineno - generate.lineno + 1 <= 60


def test_registries_are_immutable_and_filled_where_defined():
    import adcraft.background as background
    import adcraft.copy.writer as writer
    import adcraft.cutout.segmenters as segmenters
    import adcraft.layout.families as families
    import adcraft.palette.harmony as harmony
    import adcraft.palette.themes as themes

    for reg in (background.STYLES, writer.WRITERS, segmenters.SEGMENTERS, families.FAMILIES, harmony.HARMONIES, themes.THEMES):
        assert isinstance(reg, Registry) and len(reg) > 0
        assert not hasattr(reg, "register")
        with pytest.raises(TypeError):
            reg._entries["new"] = None  # type: ignore[index]
    bigger = families.FAMILIES.extended([("extra", families.FAMILIES.get("product_left"))])
    assert "extra" in bigger and "extra" not in families.FAMILIES


REALISE_IN_CHILD = """
import pickle, sys
import numpy as np
from adcraft import Engine
assets, candidate = pickle.load(open(sys.argv[1], "rb"))
creative = Engine().realise(assets, candidate)
np.save(sys.argv[2], creative.image)
print(creative.id)
"""


def test_a_product_prepared_here_is_realised_identically_in_another_process(engine, packshot_file, tmp_path):
    from adcraft.pipeline import GenerationOptions

    brief = Brief(photo=str(packshot_file), title="Red bottle of sparkling water", price=3.5, original_price=4.2)
    assets = engine.prepare(brief, GenerationOptions(theme="everyday"), seed=5)
    candidates = engine.plan(assets, (300, 250), count=3).candidates
    assert candidates
    candidate = candidates[-1]
    here = engine.realise(assets, candidate)
    blob = tmp_path / "work.pkl"
    blob.write_bytes(pickle.dumps((assets, candidate)))
    out = tmp_path / "image.npy"
    run = subprocess.run([sys.executable, "-c", REALISE_IN_CHILD, str(blob), str(out)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == here.id
    assert np.array_equal(np.load(out), here.image)
