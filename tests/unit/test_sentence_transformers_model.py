"""`--model FOLDER` loads a sentence-transformers model offline (needs torch; marked slow)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from esgqa.errors import ModelError
from esgqa.index.encoders import SentenceTransformerEncoder, USEEncoder, load_encoder
from tests.conftest import MINI_REPORT

pytestmark = pytest.mark.slow


def test_a_local_model_folder_indexes_and_answers_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sentence_transformers")
    from esgqa.api import Engine, ensure_index
    from esgqa.index.st_use import save_use_model

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    model = save_use_model(tmp_path / "use-st")
    encoder = load_encoder(str(model))
    assert isinstance(encoder, SentenceTransformerEncoder) and encoder.dim == 512
    import os

    assert os.environ["HF_HUB_OFFLINE"] == "1"
    direct = USEEncoder().encode(["女性员工占比", "PUE"])
    assert np.allclose(encoder.encode(["女性员工占比", "PUE"]), direct, atol=1e-5)

    ensure_index(tmp_path / "idx", sources=[MINI_REPORT], model=str(model))
    engine = Engine.open(tmp_path / "idx", model=str(model))
    assert engine.retriever.manifest.model_id.startswith("st:")
    assert engine.ask("女性员工占比是多少？").value == "47.2%"


def test_a_missing_model_is_a_clear_offline_error(tmp_path: Path) -> None:
    pytest.importorskip("sentence_transformers")
    with pytest.raises(ModelError, match="cannot load model 'no-such-org/no-such-model' offline"):
        load_encoder("no-such-org/no-such-model")
