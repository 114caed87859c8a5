"""Training and scoring the ticket classifier, with numpy only (no scikit-learn, no pickle).

- `read_messages(path)` reads a CSV (or .csv.gz) with the columns 留言主题, 留言详情, 一级标签.
- `split(rows)` makes the held-out split: copies are grouped first (same normalised title, or the same
  first 60 characters of the body), so that no copy of a test message is in training; then 80/20,
  stratified by label, with a fixed seed.
- `train(rows)` builds the vocabularies (document frequency ≥ 2, the most frequent terms first),
  IDF weights, and a linear SVM (squared hinge, one-vs-rest, class weights balanced) solved by dual
  coordinate descent (the LIBLINEAR method), every class at once; `save()` writes the `.npz`.
- `evaluate(clf, rows)` gives accuracy, macro-F1, per-class F1 and milliseconds per message.

The features come from `classifier.py`, the same code that runs in production, so a trained model
scores exactly as it was measured.
"""

import csv
import datetime
import gzip
import io
import json
import math
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from yiwang.hotline.classifier import TicketClassifier, block_grams, norm, sources

DATA_PATH = Path(__file__).resolve().parent / "data" / "messages_labelled.csv.gz"
COLUMNS = ("留言主题", "留言详情", "一级标签")

BLOCKS = [  # the research's best configuration (docs/research/hotline-classifier)
    {
        "name": "words",
        "source": "text",
        "analyzer": "word",
        "ngram": [1, 1],
        "max_features": 30000,
        "weight": 1.0,
    },
    {
        "name": "chars",
        "source": "text",
        "analyzer": "char",
        "ngram": [1, 2],
        "max_features": 60000,
        "weight": 1.0,
    },
    {
        "name": "title",
        "source": "title",
        "analyzer": "char",
        "ngram": [1, 2],
        "max_features": 20000,
        "weight": 0.5,
    },
]
C = 0.3
MIN_DF = 2


class DataError(ValueError):
    """The file cannot be read as labelled messages."""


def read_messages(path, *, labelled=True):
    """[(title, body, label)] from a CSV file with the columns 留言主题, 留言详情, 一级标签 (the label
    may be missing when not `labelled`; it is then "")."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8-sig")
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as error:
        raise DataError(f"{path}: {error}") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = COLUMNS if labelled else COLUMNS[:2]
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise DataError(f"{path}: missing columns {', '.join(missing)}")
    rows = []
    for row in reader:
        title, body, label = (row.get(c) or "" for c in COLUMNS)
        if (title.strip() or body.strip()) and (label.strip() or not labelled):
            rows.append((title, body, label.strip()))
    if not rows:
        raise DataError(f"{path}: no labelled rows")
    return rows


def split(rows, *, test_share=0.2, seed=20261126):
    """(train, test): copies grouped together, then a stratified split of the groups."""
    parent = list(range(len(rows)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first = {}
    for i, (title, body, _label) in enumerate(rows):
        for key in (("t", norm(title)), ("b", norm(body)[:60])):
            if len(key[1]) < 8:
                continue
            if key in first:
                parent[find(i)] = find(first[key])
            else:
                first[key] = i
    groups = defaultdict(list)
    for i in range(len(rows)):
        groups[find(i)].append(i)
    by_label = defaultdict(list)
    for members in groups.values():
        label = Counter(rows[i][2] for i in members).most_common(1)[0][0]
        by_label[label].append(members)
    rng = np.random.default_rng(seed)
    train, test = [], []
    for label in sorted(by_label):
        members = by_label[label]
        order = rng.permutation(len(members))
        cut = round(len(members) * test_share)
        for rank, g in enumerate(order):
            (test if rank < cut else train).extend(rows[i] for i in members[g])
    return train, test


def _grams(rows):
    """Per message, per block: the Counter of its grams."""
    out = []
    for title, body, _label in rows:
        src, cache = sources(title, body), {}
        out.append([Counter(block_grams(b, src, cache)) for b in BLOCKS])
    return out


def _vocabularies(grams):
    vocabs, idfs = [], []
    n = len(grams)
    for k, block in enumerate(BLOCKS):
        df = Counter()
        for doc in grams:
            df.update(doc[k].keys())
        kept = [t for t, c in df.items() if c >= MIN_DF and "\n" not in t]
        kept.sort(key=lambda t: (-df[t], t))
        kept = sorted(kept[: block["max_features"]])
        vocabs.append({t: i for i, t in enumerate(kept)})
        idfs.append(np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in kept]))
    return vocabs, idfs


def _rows_matrix(grams, vocabs, idfs):
    """Each message as (indices, values), the last index the bias feature (value 1)."""
    offsets = np.cumsum([0] + [len(v) for v in vocabs])
    n_features = int(offsets[-1])
    out = []
    for doc in grams:
        idx, val = [], []
        for k, block in enumerate(BLOCKS):
            js = [(vocabs[k][g], c) for g, c in doc[k].items() if g in vocabs[k]]
            if not js:
                continue
            j = np.array([a for a, _ in js], np.int64)
            v = np.array([1.0 + math.log(c) for _, c in js]) * idfs[k][j]
            v *= block["weight"] / np.sqrt((v * v).sum())
            idx.append(j + offsets[k])
            val.append(v)
        idx.append(np.array([n_features], np.int64))
        val.append(np.array([1.0]))
        out.append((np.concatenate(idx), np.concatenate(val)))
    return out, n_features


def _svm(matrix, y, n_features, n_classes, *, C=C, epochs=60, tol=0.05, seed=0):
    """One-vs-rest L2-regularised squared-hinge SVM by dual coordinate descent, all classes at once.

    With balanced class weights as LIBLINEAR applies them: the positive examples of class k weigh
    C·n/(K·n_k), the negative ones C."""
    n = len(matrix)
    counts = np.bincount(y, minlength=n_classes)
    Y = -np.ones((n, n_classes))
    Y[np.arange(n), y] = 1.0
    weight = n / (n_classes * np.maximum(counts, 1))
    Cmat = np.where(Y > 0, C * weight[None, :], C)
    D = 1.0 / (2.0 * Cmat)
    sq = np.array([float((v * v).sum()) for _, v in matrix])
    Q = sq[:, None] + D
    alpha = np.zeros((n, n_classes))
    W = np.zeros((n_features + 1, n_classes))
    rng = np.random.default_rng(seed)
    for _epoch in range(epochs):
        largest = 0.0
        for i in rng.permutation(n):
            j, v = matrix[i]
            G = Y[i] * (v @ W[j]) - 1.0 + D[i] * alpha[i]
            a = alpha[i]
            pg = np.where(a == 0, np.minimum(G, 0.0), G)
            largest = max(largest, float(np.abs(pg).max()))
            new = np.maximum(a - G / Q[i], 0.0)
            delta = (new - a) * Y[i]
            if delta.any():
                W[j] += np.outer(v, delta)
                alpha[i] = new
        if largest < tol:
            break
    return W[:-1], W[-1]


def train(rows, *, C=C, version=None):
    """Train on [(title, body, label)]; returns the arrays and header `save()` writes."""
    classes = sorted({label for _t, _b, label in rows})
    if len(classes) < 2:
        raise DataError("training needs at least two categories")
    grams = _grams(rows)
    vocabs, idfs = _vocabularies(grams)
    matrix, n_features = _rows_matrix(grams, vocabs, idfs)
    y = np.array([classes.index(label) for _t, _b, label in rows])
    coef, intercept = _svm(matrix, y, n_features, len(classes), C=C)
    meta = {
        "format": 1,
        "classes": classes,
        "C": C,
        "rows": len(rows),
        "temperature": 1.0,
        "version": version or datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ"),
        "blocks": [{k: b[k] for k in ("name", "source", "analyzer", "ngram", "weight")} for b in BLOCKS],
    }
    arrays = {"coef": coef.astype(np.float16), "intercept": intercept.astype(np.float32)}
    for block, vocab, idf in zip(BLOCKS, vocabs, idfs, strict=True):
        terms = sorted(vocab, key=vocab.get)
        arrays[block["name"] + "_terms"] = np.frombuffer("\n".join(terms).encode("utf-8"), np.uint8)
        arrays[block["name"] + "_idf"] = idf.astype(np.float32)
    return {"meta": meta, "arrays": arrays}


def save(model, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = dict(model["arrays"])
    arrays["meta"] = np.frombuffer(json.dumps(model["meta"], ensure_ascii=False).encode("utf-8"), np.uint8)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(path)
    return path


def fit_temperature(clf, rows):
    """The softmax temperature that makes confidences honest on held-out rows (least log-loss)."""
    scores = np.array([clf.decision(t, b) for t, b, _l in rows], dtype=np.float64)
    y = np.array([clf.classes.index(label) if label in clf.classes else -1 for _t, _b, label in rows])
    keep = y >= 0
    scores, y = scores[keep], y[keep]
    best, best_loss = 1.0, math.inf
    for t in np.arange(0.5, 12.01, 0.25):
        s = scores * t
        s -= s.max(axis=1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
        loss = -logp[np.arange(len(y)), y].mean()
        if loss < best_loss:
            best, best_loss = float(t), loss
    return best


def evaluate(clf, rows):
    """Accuracy, macro-F1, per-class F1 (over the labels present) and ms per message (p50, p95, mean)."""
    if not rows:
        raise DataError("no labelled messages to score the classifier on")
    clf.predict("预热", "预热")  # loads jieba's dictionary outside the timing
    predicted, times = [], []
    for title, body, _label in rows:
        start = time.perf_counter()
        predicted.append(clf.predict(title, body))
        times.append((time.perf_counter() - start) * 1000)
    truth = [label for _t, _b, label in rows]
    labels = sorted(set(truth) | set(predicted))
    per_class = {}
    for label in labels:
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == label and p == label)
        fp = sum(1 for t, p in zip(truth, predicted, strict=True) if t != label and p == label)
        fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t == label and p != label)
        per_class[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    present = [label for label in labels if label in set(truth)]
    times = np.array(times)
    return {
        "rows": len(rows),
        "accuracy": sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(rows),
        "macro_f1": float(np.mean([per_class[label] for label in present])),
        "per_class_f1": {label: per_class[label] for label in present},
        "ms_p50": float(np.median(times)),
        "ms_p95": float(np.percentile(times, 95)),
        "ms_mean": float(times.mean()),
    }


def train_and_measure(rows, path, *, extra=()):
    """Train on the split's training part, measure on its test part, then train the shipped model on
    every row (plus `extra`, e.g. dispatchers' corrections) with the measured temperature; returns the scores."""
    train_rows, test_rows = split(rows)
    if not test_rows or len({label for _t, _b, label in train_rows}) < 2:
        # Too small to hold a part out and still train on two categories: no score could be honest.
        raise DataError(
            f"{len(rows)} labelled messages are too few to measure the classifier on a held-out part: "
            "give at least 3 different messages in each of two or more categories"
        )
    held_out_path = Path(path).with_name("held-out.tmp.npz")
    save(train(train_rows), held_out_path)
    clf = TicketClassifier(held_out_path)
    scores = evaluate(clf, test_rows)
    temperature = fit_temperature(clf, test_rows)
    held_out_path.unlink()
    model = train(list(rows) + list(extra))
    model["meta"]["temperature"] = temperature
    model["meta"]["held_out"] = {k: scores[k] for k in ("rows", "accuracy", "macro_f1", "per_class_f1")}
    save(model, path)
    return scores, model["meta"]
