"""Runtime classifier: numpy + jieba only, no sklearn, no pickle.

Model = one .npz (arrays, loaded with allow_pickle=False) holding a JSON header + vocabularies.
Features: per block, TF-IDF (sublinear tf, L2-normalised) over
  words  : jieba tokens of "title。body" (1-grams)
  chars  : character n-grams of "title。body"
  title  : character n-grams of the title
then concatenated with block weights and scored by a linear model (LinearSVC one-vs-rest).
"""

import json
import math
import re
import unicodedata

import jieba
import numpy as np

jieba.setLogLevel(60)
_WS = re.compile(r"\s+")


def norm(s):
    return _WS.sub(" ", unicodedata.normalize("NFKC", s or "")).strip().lower()


def _word_ngrams(tokens, lo, hi):
    out = []
    for n in range(lo, hi + 1):
        out += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return out


def _char_ngrams(s, lo, hi):
    s = _WS.sub(" ", s)
    out = []
    for n in range(lo, hi + 1):
        out += [s[i : i + n] for i in range(len(s) - n + 1)]
    return out


class TicketClassifier:
    def __init__(self, path):
        z = np.load(path, allow_pickle=False)
        self.meta = json.loads(bytes(z["meta"]).decode("utf-8"))
        self.classes = self.meta["classes"]
        self.blocks = []
        for b in self.meta["blocks"]:
            terms = bytes(z[b["name"] + "_terms"]).decode("utf-8").split("\n")
            self.blocks.append(
                dict(
                    b, vocab={t: i for i, t in enumerate(terms)}, idf=z[b["name"] + "_idf"].astype(np.float64)
                )
            )
        self.coef = z["coef"].astype(np.float32)  # (n_features, n_classes)
        self.intercept = z["intercept"].astype(np.float32)

    def _features(self, title, body):
        title, body = norm(title), norm(body)
        text = title + "。" + body
        src = {"text": text, "title": title}
        idx, val, off = [], [], 0
        for b in self.blocks:
            s = src[b["source"]]
            grams = (
                _word_ngrams([w for w in jieba.lcut(s) if w.strip()], *b["ngram"])
                if b["analyzer"] == "word"
                else _char_ngrams(s, *b["ngram"])
            )
            cnt = {}
            voc = b["vocab"]
            for g in grams:
                j = voc.get(g)
                if j is not None:
                    cnt[j] = cnt.get(j, 0) + 1
            if cnt:
                j = np.fromiter(cnt.keys(), np.int64, len(cnt))
                v = np.array([1.0 + math.log(c) for c in cnt.values()]) * b["idf"][j]
                v *= b["weight"] / np.sqrt((v * v).sum())
                idx.append(j + off)
                val.append(v)
            off += len(voc)
        if not idx:
            return np.zeros(0, np.int64), np.zeros(0)
        return np.concatenate(idx), np.concatenate(val)

    def decision(self, title, body=""):
        j, v = self._features(title, body)
        return (v.astype(np.float32) @ self.coef[j]) + self.intercept

    def predict(self, title, body=""):
        return self.classes[int(np.argmax(self.decision(title, body)))]
