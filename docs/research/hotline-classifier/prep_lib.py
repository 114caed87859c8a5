import re
import unicodedata

import jieba


def norm(s):
    s = unicodedata.normalize("NFKC", s or "")
    return re.sub(r"\s+", " ", s).strip().lower()


def jtok(s):
    return " ".join(w for w in jieba.lcut(s) if w.strip())
