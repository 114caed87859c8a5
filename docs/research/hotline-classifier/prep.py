"""Load, normalise, tokenise, deduplicate and split the labelled messages.

Writes /tmp/clf/data.pkl (a pandas DataFrame) with columns:
 title, body, text (raw title + body, or title + joined tokens), words (space-joined jieba tokens),
 label, year (known or NaN), group (near-duplicate cluster id), split ('train'/'test'),
 tsplit ('train'/'test'/'drop' for the time-like split), kind.
"""

import collections
import re
import unicodedata

import jieba
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedGroupKFold

jieba.setLogLevel(60)
D = "/work/shared/data/messages/"
df = pd.read_csv(D + "messages_labelled.csv", dtype=str, keep_default_na=False)


def norm(s):
    s = unicodedata.normalize("NFKC", s or "")
    s = re.sub(r"\s+", " ", s).strip().lower()
    return s


df["title"] = df["留言主题"].map(norm)
df["body"] = df["留言详情"].map(norm)
df["tok"] = df["分词文本"].map(norm)
df["label"] = df["一级标签"]
df["kind"] = df["text_kind"]


def jtok(s):
    return " ".join(w for w in jieba.lcut(s) if w.strip())


# raw-ish text for char n-grams: for token-only rows, tokens joined without spaces.
df["text"] = np.where(
    df.kind == "title+body",
    df.title + "。" + df.body,
    df.title + "。" + df.tok.str.replace(" ", "", regex=False),
)
# word tokens: our own jieba on raw text (what the product can reproduce); token-only rows use
# the provided tokens (stop-words already removed there; we don't remove any).
df["words"] = [
    jtok(t) if k == "title+body" else jtok(ti) + " " + tk
    for t, k, ti, tk in zip(df.text, df.kind, df.title, df.tok, strict=True)
]
df["twords"] = df.title.map(jtok)
df["year"] = pd.to_numeric(df["留言时间"].str[:4], errors="coerce")

# --- recover times from the unlabelled files by exact title (+ body prefix when present)
times = {}
for f in ["messages_with_replies.csv", "messages_with_votes.csv"]:
    u = pd.read_csv(D + f, dtype=str, keep_default_na=False)
    for ti, t in zip(u["留言主题"].map(norm), u["留言时间"], strict=True):
        times.setdefault(ti, t)
rec = df.year.isna() & df.title.isin(times)
df.loc[rec, "year"] = pd.to_numeric(df.loc[rec, "title"].map(times).str[:4], errors="coerce")
print("known year", df.year.notna().sum(), "recovered", rec.sum())

# --- near-duplicate clustering on the provided jieba tokens (uniform across both kinds)
v = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, min_df=1)
X = v.fit_transform(df.tok)
S = (X @ X.T).tocsr()
S.data[S.data < 0.60] = 0
S.eliminate_zeros()
# same normalised title + (empty body on either side or identical) also counts
tit = collections.defaultdict(list)
for i, t in enumerate(df.title):
    tit[t].append(i)
rows, cols = [], []
for t, ix in tit.items():
    if len(ix) > 1 and len(t) >= 8:
        for a in ix[1:]:
            rows.append(ix[0])
            cols.append(a)
A = S + sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=S.shape)
n, grp = connected_components(A, directed=False)
df["group"] = grp
sizes = collections.Counter(grp)
multi = [g for g, c in sizes.items() if c > 1]
conf = [g for g in multi if df.label[df.group == g].nunique() > 1]
print(
    "rows",
    len(df),
    "groups",
    n,
    "groups with >1 row",
    len(multi),
    "rows in them",
    sum(sizes[g] for g in multi),
    "groups with conflicting labels",
    len(conf),
)

# keep one row per group (majority label; ties -> first row); remember conflicts
keep = []
for _g, sub in df.groupby("group"):
    maj = sub.label.value_counts()
    lab = maj.index[0]
    i = sub.index[sub.label == lab][0]
    if sub.kind.eq("title+body").any() and df.kind[i] != "title+body":
        cand = sub.index[(sub.label == lab) & (sub.kind == "title+body")]
        if len(cand):
            i = cand[0]
    keep.append(i)
d = df.loc[sorted(keep)].copy()
d["conflict"] = d.group.isin(conf)
d["year"] = [df.year[df.group == g].max() for g in d.group]
print("after dedup", len(d), d.label.value_counts().to_dict())

# --- stratified random 80/20 split (groups are already collapsed)
sgk = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=0)
tr, te = next(sgk.split(d, d.label, d.group))
d["split"] = "train"
d.iloc[te, d.columns.get_loc("split")] = "test"


# --- time-like split. Only ~5% of rows have a date. A row's content year is a lower bound of its
# date: max(known year, largest 20xx year written in the text). Test = rows dated/mentioning >=2019;
# train = rows with known year <=2018 or whose text mentions a year <=2018 and none later
# (rows with no date information are excluded from both sides).
def maxyear(s):
    ys = [int(y) for y in re.findall(r"(20[012]\d)\s?年", s)]
    return max(ys) if ys else np.nan


ty = d.text.map(maxyear)
lb = np.fmax(d.year.values, ty.values)
d["lby"] = lb
d["tsplit"] = np.where(lb >= 2019, "test", np.where(lb <= 2018, "train", "drop"))
print("time split", d.tsplit.value_counts().to_dict())
print(pd.crosstab(d.label, d.tsplit))
print(pd.crosstab(d.label, d.split))
d.to_pickle("/tmp/clf/data.pkl")
df.to_pickle("/tmp/clf/data_all.pkl")
