#!/usr/bin/env python3
"""usage: python3 crates/sitrep-events/train/check.py [EVAL_DIR]   (default ../shared/eval)

Cross-checks of event training/validation TSVs: format, labels, exact and near duplicates
(word-trigram Jaccard >= 0.6) within and across sets, and overlap with the evaluation kit."""
import sys, re, json, glob, collections, unicodedata
import os
HERE=os.path.dirname(os.path.abspath(__file__))
CRATE=os.path.dirname(HERE)
TAX=os.path.join(CRATE,'data/taxonomy.txt')
EVAL=sys.argv[1] if len(sys.argv)>1 else os.path.join(CRATE,'../../../shared/eval')
labels={l.split('|')[0].strip() for l in open(TAX) if l.strip() and not l.startswith('#')}|{'none'}
def norm(t):
    t=unicodedata.normalize('NFKC',t).lower()
    t=re.sub(r'[\u064b-\u0652\u0640]','',t)
    return re.sub(r'[\W\d_]+',' ',t).strip()
def tri(t):
    w=norm(t).split(); return {tuple(w[i:i+3]) for i in range(len(w)-2)} or {tuple(w)}
def read(path):
    rows=[];errs=[]
    for i,l in enumerate(open(path,encoding='utf-8').read().split('\n'),1):
        if not l or l.startswith('#'): continue
        p=l.split('\t')
        if len(p)!=3: errs.append(f'{path}:{i}: {len(p)} fields'); continue
        if p[0] not in labels: errs.append(f'{path}:{i}: bad label {p[0]!r}')
        if not p[2].strip(): errs.append(f'{path}:{i}: empty text')
        rows.append((path,i,p[0],p[2]))
    return rows,errs
sets={}
for name,pat in [('train1',os.path.join(HERE,'%s.tsv')),('train2',os.path.join(HERE,'%s.round2.tsv')),('train3',os.path.join(HERE,'%s.round3.tsv')),('valid',os.path.join(CRATE,'validation/%s.tsv'))]:
    for lang in ['en','fr','es','ar']:
        rows,errs=read(pat%lang); sets[(name,lang)]=rows
        c=collections.Counter(r[2] for r in rows)
        print(f'{name} {lang}: {len(rows)} rows, {len(c)} labels, none={c["none"]}, min type={min(v for k,v in c.items() if k!="none") if len(c)>1 else 0}, errors={len(errs)}')
        for e in errs[:5]: print('  ',e)
# eval texts
evtexts=[]
def walk(o):
    if isinstance(o,str):
        if len(o)>30: evtexts.append(o)
    elif isinstance(o,dict):
        for v in o.values(): walk(v)
    elif isinstance(o,list):
        for v in o: walk(v)
for f in glob.glob(os.path.join(EVAL,'**/*.json*'),recursive=True):
    for l in open(f,encoding='utf-8'):
        l=l.strip()
        if l:
            try: walk(json.loads(l))
            except Exception: pass
# split eval texts into sentences for comparison
evsent=[]
for t in evtexts:
    for s in re.split(r'(?<=[.!?؟])\s+',t):
        if len(norm(s).split())>=5: evsent.append(s)
print('eval sentences:',len(evsent))
if not evsent: sys.exit('no evaluation text found under '+EVAL)
index=collections.defaultdict(list); evtri=[]
for k,s in enumerate(evsent):
    ts=tri(s); evtri.append(ts)
    for g in ts: index[g].append(k)
evnorm={norm(s) for s in evsent}
def against_eval(rows,tag):
    hits=0
    for path,i,lab,t in rows:
        # compare each sentence of the snippet
        for s in re.split(r'(?<=[.!?؟])\s+',t):
            n=norm(s)
            if len(n.split())<5: continue
            if n in evnorm: hits+=1; print(f'  EVAL EXACT {path}:{i}: {s[:100]}'); break
            ts=tri(s); cnt=collections.Counter()
            for g in ts:
                p=index.get(g)
                if p and len(p)<2000:
                    for k in p: cnt[k]+=1
            best=max(((c/len(ts|evtri[k]),k) for k,c in cnt.items()),default=(0,None))
            if best[0]>=0.6: hits+=1; print(f'  EVAL NEAR {best[0]:.2f} {path}:{i}: {s[:90]} || {evsent[best[1]][:90]}'); break
    print(f'{tag}: {hits} snippets overlapping evaluation text')
def dups(a,b,tag,same=False):
    idx=collections.defaultdict(list); bt=[]
    for k,r in enumerate(b):
        ts=tri(r[3]); bt.append(ts)
        for g in ts: idx[g].append(k)
    n=0;lab=0
    for j,r in enumerate(a):
        ts=tri(r[3]); cnt=collections.Counter()
        for g in ts:
            for k in idx.get(g,()):
                if not same or k<j: cnt[k]+=1
        for k,c in cnt.items():
            jac=c/len(ts|bt[k])
            if jac>=0.6:
                n+=1; lab+= r[2]!=b[k][2]
                if n<=5: print(f'  DUP {jac:.2f} {r[0]}:{r[1]} [{r[2]}] {r[3][:70]} || {b[k][0]}:{b[k][1]} [{b[k][2]}]')
                break
    print(f'{tag}: {n} near duplicates ({lab} with different labels)')
for lang in ['en','fr','es','ar']:
    t1,t2,t3,v=sets[('train1',lang)],sets[('train2',lang)],sets[('train3',lang)],sets[('valid',lang)]
    dups(t2,t2,f'{lang} train2 within',True)
    dups(t2,t1,f'{lang} train2 vs train1')
    dups(t3,t3,f'{lang} train3 within',True)
    dups(t3,t1+t2,f'{lang} train3 vs train1+2')
    dups(v,v,f'{lang} valid within',True)
    dups(v,t1+t2+t3,f'{lang} valid vs train')
    against_eval(t2,f'{lang} train2 vs eval')
    against_eval(t3,f'{lang} train3 vs eval')
    against_eval(v,f'{lang} valid vs eval')
