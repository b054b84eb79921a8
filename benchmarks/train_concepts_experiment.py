import sys, json, time
sys.path.insert(0,'.')
from wirebrief.train import concept_examples, fit_concept_model, as_background
from wirebrief.evaluate.data import read_clusters, EvalCluster
from wirebrief.settings import Settings
import numpy as np
n=int(sys.argv[1]); out=sys.argv[2]
t=time.time()
bg=as_background(json.load(open('./wirebrief/models/idf.json')))
recs=[r for r in read_clusters('../shared/data/multinews/train.jsonl.gz', limit=n) if isinstance(r,EvalCluster)]
x,y=concept_examples(recs, Settings().with_budget(words=230), bg)
print(x.shape, y.mean(), time.time()-t)
m=fit_concept_model(x,y); print(m['coef'], time.time()-t)
import os; os.makedirs(out,exist_ok=True); json.dump(m, open(out+'/concepts.json','w'))
