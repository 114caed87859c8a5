"""The ticket classifier at run time: numpy and jieba only, no pickle, no download.

The model is one `.npz` file (`yiwang/hotline/model/classifier.npz`, or `YIWANG_HOTLINE_MODEL`) read
with `allow_pickle=False`: a JSON header, the vocabularies, IDF weights and the linear model's
coefficients. Features, block by block (TF-IDF with sublinear tf, each block L2-normalised and
weighted): jieba words of "title。body", character 1–2-grams of the same text, and character 1–2-grams
of the title. Scores are a linear SVM's one-vs-rest decision values; confidences are their softmax at
a temperature fitted on held-out messages when the model was trained (`training.py`).
"""

import functools
import json
import math
import re
import threading
import unicodedata
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).resolve().parent / "model" / "classifier.npz"
BODY_LIMIT = 1000  # characters of the body that count: bounds the time per message, costs no accuracy
_WS = re.compile(r"\s+")
_jieba_lock = threading.Lock()


def norm(text):
    return _WS.sub(" ", unicodedata.normalize("NFKC", text or "")).strip().lower()


@functools.cache
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    with _jieba_lock:
        jieba.initialize()
    return jieba


@functools.lru_cache(maxsize=64)
def _words(text):
    return tuple(w for w in _jieba().lcut(text) if w.strip())


def words(text):
    """jieba's words of `text` (the last few texts are remembered: classification and keywords ask twice)."""
    return list(_words(text))


def word_ngrams(tokens, lo, hi):
    out = []
    for n in range(lo, hi + 1):
        out += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return out


def char_ngrams(text, lo, hi):
    out = []
    for n in range(lo, hi + 1):
        out += [text[i : i + n] for i in range(len(text) - n + 1)]
    return out


def sources(title, body):
    """The texts the blocks read: the whole message and the title, normalised."""
    title, body = norm(title), norm(body)[:BODY_LIMIT]
    return {"text": title + "。" + body, "title": title}


def block_grams(block, src, cache=None):
    text = src[block["source"]]
    if block["analyzer"] == "word":
        key = ("words", block["source"])
        tokens = cache.get(key) if cache is not None else None
        if tokens is None:
            tokens = words(text)
            if cache is not None:
                cache[key] = tokens
        return word_ngrams(tokens, *block["ngram"])
    return char_ngrams(text, *block["ngram"])


class TicketClassifier:
    """A trained model: `top(title, body, k)` gives [(category, confidence), ...], best first."""

    def __init__(self, path=MODEL_PATH):
        with np.load(path, allow_pickle=False) as z:
            self.meta = json.loads(bytes(z["meta"]).decode("utf-8"))
            self.classes = list(self.meta["classes"])
            self.blocks = []
            for block in self.meta["blocks"]:
                terms = bytes(z[block["name"] + "_terms"]).decode("utf-8").split("\n")
                self.blocks.append(
                    dict(
                        block,
                        vocab={t: i for i, t in enumerate(terms)},
                        idf=z[block["name"] + "_idf"].astype(np.float64),
                    )
                )
            self.coef = z["coef"].astype(np.float32)  # (n_features, n_classes)
            self.intercept = z["intercept"].astype(np.float32)
        self.temperature = float(self.meta.get("temperature", 1.0))

    @property
    def version(self):
        return self.meta.get("version", "")

    def features(self, title, body=""):
        src, cache = sources(title, body), {}
        idx, val, offset = [], [], 0
        for block in self.blocks:
            vocab = block["vocab"]
            counts = {}
            for gram in block_grams(block, src, cache):
                j = vocab.get(gram)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if counts:
                j = np.fromiter(counts.keys(), np.int64, len(counts))
                v = np.array([1.0 + math.log(c) for c in counts.values()]) * block["idf"][j]
                v *= block["weight"] / np.sqrt((v * v).sum())
                idx.append(j + offset)
                val.append(v)
            offset += len(vocab)
        if not idx:
            return np.zeros(0, np.int64), np.zeros(0)
        return np.concatenate(idx), np.concatenate(val)

    def decision(self, title, body=""):
        j, v = self.features(title, body)
        return (v.astype(np.float32) @ self.coef[j]) + self.intercept

    def predict(self, title, body=""):
        return self.classes[int(np.argmax(self.decision(title, body)))]

    def top(self, title, body="", k=3):
        scores = self.decision(title, body).astype(np.float64) * self.temperature
        scores -= scores.max()
        p = np.exp(scores)
        p /= p.sum()
        order = np.argsort(-p)[:k]
        return [(self.classes[i], round(float(p[i]), 3)) for i in order]


_loaded = {}
_load_lock = threading.Lock()


def get_classifier():
    """The shipped (or configured) model, loaded once per process; None when no model file exists."""
    from django.conf import settings

    path = Path(getattr(settings, "YIWANG_HOTLINE_MODEL", "") or MODEL_PATH)
    with _load_lock:
        if path not in _loaded:
            _loaded[path] = TicketClassifier(path) if path.exists() else None
        return _loaded[path]


def forget_loaded():
    """Drop loaded models (after `yiwang hotline train` wrote a new one in this process)."""
    with _load_lock:
        _loaded.clear()
