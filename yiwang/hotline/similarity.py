"""Finding similar text cheaply: a message's keywords (the rarer words jieba finds in it) are stored
with it, and two messages are compared by the overlap of their keywords and character bigrams.

Used for duplicate suggestions (open tickets of the same street, recent) and the knowledge base.
"""

import re

from yiwang.hotline.classifier import norm, sources, words

STOP = set(
    "的 了 是 在 和 与 及 我 我们 你 您 他 她 它 们 有 没有 不 也 就 都 而 但 还 又 被 把 对 向 从 到 于 为 "
    "请 请问 问题 反映 希望 领导 相关 部门 尽快 解决 情况 一个 这个 那个 什么 怎么 如何 可以 能否 是否 "
    "现在 已经 非常 严重 市 区 县 省 a 本人 您好 你好 尊敬 谢谢".split()
)
_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
MAX_KEYWORDS = 12


def keywords(title, text=""):
    """Up to 12 distinct words of two or more characters, title first, stop words left out."""
    seen = []
    for word in words(sources(title, text)["text"]):  # the classifier's text: its words are cached
        if len(word) >= 2 and word not in STOP and _KEEP.search(word) and word not in seen:
            seen.append(word)
            if len(seen) == MAX_KEYWORDS:
                break
    return " ".join(seen)


_DROP = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")


def bigrams(text):
    text = _DROP.sub("", norm(text))
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _jaccard(a, b):
    return len(a & b) / len(a | b) if a and b else 0.0


class Probe:
    """One message's keyword and title-bigram sets, made once and compared with many others."""

    def __init__(self, keywords, title):
        self.keywords, self.title = set(keywords.split()), bigrams(title)

    def score(self, keywords, title):
        """0–1: Jaccard of keywords, blended with Jaccard of title bigrams."""
        return round(
            0.6 * _jaccard(self.keywords, set(keywords.split())) + 0.4 * _jaccard(self.title, bigrams(title)),
            3,
        )


def score(keywords_a, keywords_b, title_a="", title_b=""):
    return Probe(keywords_a, title_a).score(keywords_b, title_b)
