import json, sys, time, numpy as np
sys.path.insert(0, '.')
from wirebrief.evaluate import rouge
from wirebrief.evaluate.data import EvalCluster, read_clusters
from wirebrief.evaluate.systems import prepare_cluster
from wirebrief.settings import Settings
from wirebrief.score import Features
from wirebrief.order import order_units
from wirebrief.selectors import get_selector
from wirebrief.selectors.base import Selector
from wirebrief.selectors.coverage import concept_weights, greedy_coverage, fill_in_lead_order
from wirebrief.select import select_mmr

class DenseSalience(Selector):
    def __init__(self, sw=0.3, pw=0.3, lam=None): self.sw, self.pw, self.lam = sw, pw, lam
    def salience(self, f):
        v=f.embeddings; c=f.support.astype(np.float32)@v; c/=np.linalg.norm(c)
        return v@c + self.sw*(f.support-1)/max(len(f.cluster.articles)-1,1) + self.pw/(1.0+f.position)
    def select(self, f):
        s=f.settings
        return select_mmr(self.salience(f), f.embedding_similarity if self.lam else f.similarity, [s.budget.cost(u.text) for u in f.cluster.units], s.budget, f.eligible, self.lam or s.mmr_lambda, 0.85 if self.lam else s.redundancy_threshold)

class CovPrior(Selector):
    """greedy coverage with a unit prior: gain + g * dense centrality (scaled by mean concept weight)"""
    def __init__(self, g=1.0): self.g=g
    def select(self, f):
        units=f.cluster.units; b=f.settings.budget
        costs=np.array([b.cost(u.text) for u in units],float)
        inc,w=concept_weights(f); el=np.asarray(f.eligible,bool)
        v=f.embeddings; c=f.support.astype(np.float32)@v; c/=np.linalg.norm(c); cen=v@c
        # add one private concept per unit with weight g*centrality*mean weight of bigram tier * words
        from scipy.sparse import hstack, identity
        big=w[w>=1.0]; scale=big.mean() if big.size else 1.0
        inc2=hstack([inc, identity(len(units),format='csr')]).tocsr()
        w2=np.concatenate([w, self.g*scale*np.maximum(cen,0)**4*costs/10])
        ch=greedy_coverage(inc2,w2,costs,b.limit,el)
        return fill_in_lead_order(f,ch,costs,b.limit,el)

VARIANTS = {
  'coverage': lambda: get_selector('coverage'),
  'salience': lambda: get_selector('salience'),
  'dense-sal': lambda: DenseSalience(),
  'dense-sal-mmr': lambda: DenseSalience(lam=0.7),
  'dense-sal-p0': lambda: DenseSalience(pw=0.1),
  'cov-prior1': lambda: CovPrior(1.0),
  'cov-prior3': lambda: CovPrior(3.0),
}
data, words, measure = sys.argv[1], int(sys.argv[2]), sys.argv[3]
names = sys.argv[4].split(',')
sel = {n: VARIANTS[n]() for n in names}
settings = Settings().with_budget(words=words)
scores = {n: [] for n in names}
for rec in read_clusters(data, limit=int(sys.argv[5]) if len(sys.argv)>5 else None):
    if not isinstance(rec, EvalCluster): continue
    cl = prepare_cluster(rec.documents, settings)
    for n, s in sel.items():
        f = Features(cl, settings)
        texts = [cl.units[i].text for i in order_units(s.select(f), cl)]
        r = rouge.score(rouge.truncate_words("\n".join(texts), words).split("\n"), rec.references)
        scores[n].append([r[m][measure] for m in rouge.METRICS])
for n in names:
    m = np.mean(scores[n], axis=0)*100; print(f"{data.split('/')[-2]} {n}: {m[0]:.2f} / {m[1]:.2f}")
