"""How one (sentence, target) pair becomes the sentiment encoder's input. One convention, shared by the
training script (`analysis.tools.train_encoder`) and the run-time scorer (`analysis.nlp.sentiment`):

- the sentence is tokenised once (WordPiece, no special tokens); tokens whose character span overlaps the
  target form the target, and the marker tokens [TGT] and [/TGT] are put around them;
- segment A is the marked sentence, segment B the target's own tokens (at most MAX_TARGET_TOKENS), laid out
  as [CLS] A [SEP] B [SEP] with token types 0 and 1; a sentence too long for MAX_LENGTH is cut to a window
  centred on the target;
- target_mask marks the target's tokens inside the markers (the [TGT] marker when the target has none).
"""

from __future__ import annotations

import numpy as np

LABELS = ("negative", "neutral", "positive")
TGT_OPEN, TGT_CLOSE = "[TGT]", "[/TGT]"
MAX_LENGTH = 128
MAX_TARGET_TOKENS = 24


def build_inputs(tok, sentence, start, end, max_length=MAX_LENGTH, max_target_tokens=MAX_TARGET_TOKENS):
    """Return (input_ids, token_type_ids, target_mask) lists for one target mention."""
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    open_id, close_id = tok.token_to_id(TGT_OPEN), tok.token_to_id(TGT_CLOSE)
    enc = tok.encode(sentence, add_special_tokens=False)
    ids, offs = enc.ids, enc.offsets
    inside = [i for i, (a, b) in enumerate(offs) if b > a and a < end and b > start]
    if inside:
        t0, t1 = inside[0], inside[-1] + 1
    else:  # target produced no token: empty span at the right place
        t0 = t1 = sum(1 for (a, b) in offs if b <= start)
    seg_a = ids[:t0] + [open_id] + ids[t0:t1] + [close_id] + ids[t1:]
    o, c = t0, t1 + 1  # positions of the markers in seg_a
    seg_b = tok.encode(sentence[start:end], add_special_tokens=False).ids[:max_target_tokens]
    budget = max_length - 3 - len(seg_b)
    if len(seg_a) > budget:
        span = c - o + 1
        if span > budget:  # target itself too long: keep its head
            seg_a = [open_id] + ids[t0:t0 + budget - 2] + [close_id]
            o, c = 0, budget - 1
        else:
            lo = max(0, o - (budget - span) // 2)
            hi = min(len(seg_a), lo + budget)
            lo = hi - budget
            seg_a = seg_a[lo:hi]
            o, c = o - lo, c - lo
    input_ids = [cls_id] + seg_a + [sep_id] + seg_b + [sep_id]
    token_type_ids = [0] * (len(seg_a) + 2) + [1] * (len(seg_b) + 1)
    target_mask = [0] * len(input_ids)
    if c - o > 1:
        for p in range(o + 1, c):
            target_mask[p + 1] = 1
    else:
        target_mask[o + 1] = 1
    return input_ids, token_type_ids, target_mask


def pad_batch(rows):
    """rows: list of (input_ids, token_type_ids, target_mask) -> dict of int64 arrays."""
    n, L = len(rows), max(len(r[0]) for r in rows)
    keys = ("input_ids", "attention_mask", "token_type_ids", "target_mask")
    out = {k: np.zeros((n, L), dtype=np.int64) for k in keys}
    for i, (ids, tt, tm) in enumerate(rows):
        k = len(ids)
        out["input_ids"][i, :k] = ids
        out["attention_mask"][i, :k] = 1
        out["token_type_ids"][i, :k] = tt
        out["target_mask"][i, :k] = tm
    return out
