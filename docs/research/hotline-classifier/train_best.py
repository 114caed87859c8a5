"""BEST approach: train + export + verify.  python train_best.py
Config (= exp.py 'wct_svc_mf_s'):
  words : jieba tokens of norm(title)+'。'+norm(body), 1-grams, token_pattern \\S+, min_df=2, max_features=30000
  chars : char 1–2-grams of the same text, min_df=2, max_features=60000
  title : char 1–2-grams of the title, min_df=2, max_features=20000, block weight 0.5
  all blocks TfidfVectorizer(sublinear_tf=True, norm='l2'); LinearSVC(C=0.3, class_weight='balanced')
  norm() = NFKC + collapse whitespace + lowercase. Token-only rows: text = title+'。'+tokens joined.
Exports model.npz (no pickle) and checks the numpy runtime (ticket_clf.py) against sklearn."""

import os

for k in ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"]:
    os.environ[k] = "1"
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.svm import LinearSVC

sys.argv = sys.argv[:1]
from exp import Col
from ticket_clf import TicketClassifier

BLOCKS = [  # name, source column (train), runtime source, analyzer, ngram, max_features, weight
    ("words", "words", "text", "word", (1, 1), 30000, 1.0),
    ("chars", "text", "text", "char", (1, 2), 60000, 1.0),
    ("title", "title", "title", "char", (1, 2), 20000, 0.5),
]
C = 0.3


def build():
    parts, w = [], {}
    for name, col, _, an, ng, mf, wt in BLOCKS:
        kw = dict(token_pattern=r"\S+") if an == "word" else {}
        parts.append(
            (
                name,
                make_pipeline(
                    Col(col),
                    TfidfVectorizer(
                        analyzer=an,
                        ngram_range=ng,
                        min_df=2,
                        max_features=mf,
                        sublinear_tf=True,
                        dtype=np.float32,
                        **kw,
                    ),
                ),
            )
        )
        w[name] = wt
    return make_pipeline(FeatureUnion(parts, transformer_weights=w), LinearSVC(C=C, class_weight="balanced"))


def export(pipe, path):
    fu, svc = pipe.steps[0][1], pipe.steps[-1][1]
    arrs, meta = {}, dict(classes=list(svc.classes_), blocks=[], C=C, format=1)
    for (name, p), (_, _, src, an, ng, _mf, wt) in zip(fu.transformer_list, BLOCKS, strict=True):
        v = p.steps[-1][1]
        terms = sorted(v.vocabulary_, key=v.vocabulary_.get)
        assert all("\n" not in t for t in terms)
        arrs[name + "_terms"] = np.frombuffer("\n".join(terms).encode("utf-8"), np.uint8)
        arrs[name + "_idf"] = v.idf_.astype(np.float32)
        meta["blocks"].append(dict(name=name, source=src, analyzer=an, ngram=list(ng), weight=wt))
    arrs["coef"] = svc.coef_.T.astype(np.float16)
    arrs["intercept"] = svc.intercept_.astype(np.float32)
    arrs["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), np.uint8)
    np.savez_compressed(path, **arrs)
    return os.path.getsize(path)


def evaluate(clf, D, tag):
    p = np.array(
        [
            clf.predict(t, b if k == "title+body" else tx[len(t) + 1 :])
            for t, b, k, tx in zip(D.title, D.body, D.kind, D.text, strict=True)
        ]
    )
    print(
        tag,
        "macroF1 {:.4f} acc {:.4f}".format(f1_score(D.label, p, average="macro"), accuracy_score(D.label, p)),
    )
    return p


if __name__ == "__main__":
    d = pd.read_pickle("/tmp/clf/data.pkl")
    TR, TE = d[d.split == "train"], d[d.split == "test"]
    TTR, TTE = d[d.tsplit == "train"], d[d.tsplit == "test"]
    t0 = time.time()
    m = build().fit(TR, TR.label)
    print("train s %.1f" % (time.time() - t0))
    size = export(m, "/tmp/clf/model_eval.npz")
    print("npz bytes", size)
    clf = TicketClassifier("/tmp/clf/model_eval.npz")
    ps = m.predict(TE)
    print("sklearn test macroF1 {:.4f}".format(f1_score(TE.label, ps, average="macro")))
    pr = evaluate(clf, TE, "runtime test")
    print("runtime==sklearn agreement", (pr == ps).mean())
    print(classification_report(TE.label, pr, digits=3))
    print(confusion_matrix(TE.label, pr, labels=clf.classes))
    mt = build().fit(TTR, TTR.label)
    export(mt, "/tmp/clf/model_time.npz")
    evaluate(TicketClassifier("/tmp/clf/model_time.npz"), TTE, "runtime time-split")
    # control: same train size as the time split but random rows, evaluated on the random test
    ctrl = []
    for s in range(3):
        sub = TR.sample(len(TTR), random_state=s)
        ctrl.append(f1_score(TE.label, build().fit(sub, sub.label).predict(TE), average="macro"))
    print(f"control: {len(TTR)} random train rows -> random test macroF1 {np.mean(ctrl):.4f}")
    # latency, one message at a time, one thread, from raw strings
    rows = TE[TE.kind == "title+body"].sample(500, random_state=0)
    clf.predict("预热", "预热")
    ts = []
    for t, b in zip(rows.title, rows.body, strict=True):
        t1 = time.perf_counter()
        clf.predict(t, b)
        ts.append(time.perf_counter() - t1)
    ts = np.array(ts) * 1000
    print(
        f"latency ms p50 {np.median(ts):.2f} p95 {np.percentile(ts, 95):.2f} max {ts.max():.2f};"
        f" body chars p50 {rows.body.str.len().median():.0f}"
    )
    t1 = time.time()
    TicketClassifier("/tmp/clf/model_eval.npz")
    print("load s %.2f" % (time.time() - t1))
    # final product model: all deduplicated rows
    t0 = time.time()
    mf = build().fit(d, d.label)
    print(f"final model: train s {time.time() - t0:.1f}, npz bytes {export(mf, '/tmp/clf/model.npz')}")
