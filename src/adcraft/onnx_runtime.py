"""One way to open an ONNX model on the CPU (onnxruntime), shared by every model adcraft runs."""

from __future__ import annotations


def cpu_session(model_bytes: bytes, threads: int = 0):
    """An ``onnxruntime.InferenceSession`` on the CPU, quiet, with ``threads`` intra-op threads
    (0 lets onnxruntime choose). Returns ``(session, first input name)``."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.log_severity_level = 3
    session = ort.InferenceSession(model_bytes, opts, providers=["CPUExecutionProvider"])
    return session, session.get_inputs()[0].name
