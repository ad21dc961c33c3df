#!/usr/bin/env python3
"""Cross-language related incidents and cause-level clusters, measured on a
corpus whose root causes are known (``bench/gen_corpus.py --causes
multilingual`` writes ``CORPUS.families.json``).

Reads what a build wrote to ``SITE/postmortems.json`` (related incidents and
clusters of every postmortem) and prints:

* **cross-language top-3**: of the Korean and Japanese postmortems, the
  share whose three first related incidents include one with the same
  cause written in another language;
* **NMI** (arithmetic normalization) and **purity** of the clusters against
  the causes (an unclustered postmortem is its own cluster);
* **clusters per cause**: how many clusters hold the members of a cause
  (counting clusters with at least 2 of them), averaged over causes;
* **related with a low score**: related links under 0.1, and postmortems
  listing any related incident at all.

A postmortem's language is the script of its text (Hangul → ko, kana or
Han → ja, else en), the rule Hindsight applies. Standard library only.

Usage: bench/cross_language.py CORPUS SITE [LABEL]
"""
import collections
import json
import math
import os
import sys


def language(text: str) -> str:
    hangul = japanese = letters = 0
    for c in text:
        if not c.isalpha():
            continue
        letters += 1
        o = ord(c)
        if 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F or 0xAC00 <= o <= 0xD7AF:
            hangul += 1
        elif 0x3040 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF:
            japanese += 1
    if hangul and hangul * 3 >= letters:
        return "ko"
    if japanese and japanese * 3 >= letters:
        return "ja"
    return "en"


def body(path: str) -> str:
    text = open(path, encoding="utf-8", errors="replace").read()
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        text = text[end + 5:] if end > 0 else text
    return text


def nmi(truth: list, pred: list) -> float:
    n = len(truth)
    ct = collections.Counter(zip(truth, pred))
    a, b = collections.Counter(truth), collections.Counter(pred)
    mi = sum(c / n * math.log(c * n / (a[t] * b[p])) for (t, p), c in ct.items())
    h = lambda cnt: -sum(c / n * math.log(c / n) for c in cnt.values())  # noqa: E731
    denom = (h(a) + h(b)) / 2
    return mi / denom if denom > 0 else 1.0


def main() -> None:
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    corpus, site = sys.argv[1].rstrip("/"), sys.argv[2]
    label = sys.argv[3] if len(sys.argv) == 4 else os.path.basename(site)
    families = json.load(open(corpus + ".families.json", encoding="utf-8"))
    pms = json.load(open(os.path.join(site, "postmortems.json"), encoding="utf-8"))["postmortems"]
    cause = {p["id"]: families[p["path"]] for p in pms}
    lang = {p["id"]: language(body(os.path.join(corpus, p["path"]))) for p in pms}

    # Cross-language top 3.
    non_en = [p for p in pms if lang[p["id"]] != "en"]
    hits = drafts = draft_hits = 0
    for p in non_en:
        draft = (p.get("status") or "").lower() == "draft"
        drafts += draft
        top = [r["id"] for r in p["related"][:3]]
        if any(cause[r] == cause[p["id"]] and lang[r] != lang[p["id"]] for r in top):
            hits += 1
            draft_hits += draft
    # Clusters.
    truth = [cause[p["id"]] for p in pms]
    ours = [p["cluster"]["id"] if p["cluster"] else "unclustered:" + p["id"] for p in pms]
    members = collections.defaultdict(list)
    for t, c in zip(truth, ours):
        members[c].append(t)
    purity = sum(collections.Counter(m).most_common(1)[0][1] for m in members.values()) / len(pms)
    per_cause = collections.defaultdict(set)
    for c, m in members.items():
        for t, k in collections.Counter(m).items():
            if k >= 2 and not c.startswith("unclustered:"):
                per_cause[t].add(c)
    causes = sorted(set(truth))
    clusters = {c for c in ours if not c.startswith("unclustered:")}
    weak = sum(1 for p in pms for r in p["related"] if r["score"] < 0.1)
    listing = sum(1 for p in pms if p["related"])
    labels = collections.Counter(p["cluster"]["label"] for p in pms if p["cluster"])
    langs = collections.Counter(lang.values())
    print(f"[{label}] N={len(pms)} causes={len(causes)} languages="
          + ", ".join(f"{k} {v}" for k, v in sorted(langs.items())))
    print(f"  cross-language top-3: {hits}/{len(non_en)} = {hits / max(1, len(non_en)):.3f}"
          f"  (drafts among them {drafts}; of the others "
          f"{(hits - draft_hits) / max(1, len(non_en) - drafts):.3f})")
    print(f"  NMI {nmi(truth, ours):.3f}  purity {purity:.3f}  clusters {len(clusters)}  "
          f"unclustered {sum(1 for c in ours if c.startswith('unclustered:'))}")
    print("  clusters per cause: "
          + f"{sum(len(per_cause[c]) for c in causes) / len(causes):.1f} ("
          + ", ".join(f"{c} {len(per_cause[c])}" for c in causes) + ")")
    print(f"  related links under 0.1: {weak}; postmortems listing related: {listing}")
    print("  largest clusters: " + "; ".join(f"{lab!r} {n}" for lab, n in labels.most_common(10)))


if __name__ == "__main__":
    main()
