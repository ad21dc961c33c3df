#!/usr/bin/env python3
"""How well root-cause clustering recovers known families, against a
TF-IDF + k-means baseline run in the same benchmark.

Reads the clusters Hindsight wrote to ``SITE/postmortems.json`` (``cluster``
of every postmortem; an unclustered one counts as its own cluster) and the
ground truth ``CORPUS.families.json`` written by ``bench/gen_corpus.py``,
and prints normalized mutual information (NMI, arithmetic normalization).

The baseline is what a data scientist would try first: scikit-learn's
TfidfVectorizer (sublinear tf, max_df 0.5, min_df 2) over each postmortem's
whole Markdown file, then KMeans with k set to the TRUE number of families
(an oracle advantage Hindsight does not get) and 10 initializations, for
5 seeds. Needs scikit-learn (``pip install scikit-learn``).

Usage: bench/clusters_nmi.py CORPUS SITE
"""
import collections
import json
import os
import statistics
import sys
import time


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    corpus, site = sys.argv[1].rstrip("/"), sys.argv[2]
    try:
        from sklearn.cluster import KMeans
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.metrics import normalized_mutual_info_score as nmi
    except ImportError:
        sys.exit("needs scikit-learn: pip install scikit-learn")
    families = json.load(open(corpus + ".families.json", encoding="utf-8"))
    pms = json.load(open(os.path.join(site, "postmortems.json"), encoding="utf-8"))["postmortems"]
    truth = [families[p["path"]] for p in pms]
    ours = [p["cluster"]["id"] if p["cluster"] else "unclustered:" + p["id"] for p in pms]
    sizes = collections.Counter(p["cluster"]["id"] for p in pms if p["cluster"])
    k = len(set(truth))
    print(f"N={len(pms)} families={k}")
    print(f"hindsight      NMI {nmi(truth, ours):.3f}  clusters {len(sizes)}  "
          f"unclustered {sum(1 for p in pms if not p['cluster'])}")

    texts = [open(os.path.join(corpus, p["path"]), encoding="utf-8", errors="replace").read() for p in pms]
    t0 = time.perf_counter()
    x = TfidfVectorizer(sublinear_tf=True, max_df=0.5, min_df=2).fit_transform(texts)
    scores = []
    for seed in range(5):
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(x)
        scores.append(nmi(truth, labels))
    secs = (time.perf_counter() - t0) / 5
    print(f"tfidf+kmeans   NMI {statistics.mean(scores):.3f} mean of 5 seeds "
          f"(min {min(scores):.3f}, max {max(scores):.3f})  k={k} (oracle)  {secs:.1f} s per seed")
    print(f"hindsight - baseline: {nmi(truth, ours) - statistics.mean(scores):+.3f}")


if __name__ == "__main__":
    main()
