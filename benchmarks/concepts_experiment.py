import sys, numpy as np
sys.path.insert(0, '.')
from wirebrief.evaluate import rouge
from wirebrief.evaluate.data import EvalCluster, read_clusters
from wirebrief.evaluate.systems import prepare_cluster
from wirebrief.settings import Settings
from wirebrief.score import Features, load_background_idf
from wirebrief.order import order_units
from wirebrief.selectors.concepts import concept_table, load_concept_model, CONCEPT_FEATURES
from wirebrief.selectors.coverage import greedy_coverage, fill_in_lead_order, MIN_DF, SMALL_CLUSTER
from scipy.sparse import hstack
data, words, measure = sys.argv[1], int(sys.argv[2]), sys.argv[3]
model = load_concept_model(sys.argv[4] if len(sys.argv)>4 else None)
settings = Settings().with_budget(words=words)
def variants(f, t, p):
    A = len(f.cluster.articles); min_df = 1 if A == 1 else (2 if A < SMALL_CLUSTER else MIN_DF)
    df = np.round(np.exp(t.features[:, 1]))
    keep = df >= min_df
    return {
        'p-all': p,
        'p-mindf': np.where(keep, p, 0),
        'p2-all': p**2,
        'p-0.2': np.maximum(p-0.2, 0),
        'p-mindf-x-df': np.where(keep, p*df, 0),
    }
scores = {}
for rec in read_clusters(data, limit=int(sys.argv[5]) if len(sys.argv)>5 else None):
    if not isinstance(rec, EvalCluster): continue
    cl = prepare_cluster(rec.documents, settings); f = Features(cl, settings)
    t = concept_table(f, load_background_idf()); p = model.probability(t.features)
    b = settings.budget; costs = np.array([b.cost(u.text) for u in cl.units], float); el = np.asarray(f.eligible, bool)
    inc = hstack([t.incidence, t.unigram_incidence]).tocsr()
    for name, w in variants(f, t, p).items():
        ch = greedy_coverage(inc, np.concatenate([w, t.unigram_weights]), costs, b.limit, el)
        ch = fill_in_lead_order(f, ch, costs, b.limit, el)
        texts = [cl.units[i].text for i in order_units(ch, cl)]
        r = rouge.score(rouge.truncate_words("\n".join(texts), words).split("\n"), rec.references)
        scores.setdefault(name, []).append([r[m][measure] for m in rouge.METRICS])
for n, v in scores.items():
    m = np.mean(v, axis=0)*100; print(f"{data.split('/')[-2]} {n}: {m[0]:.2f} / {m[1]:.2f}")
