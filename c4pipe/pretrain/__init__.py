"""T5 v1.1 pretraining on `c4pipe tokenize` shards (compact, nanoT5-style).

Modules: `config` (`TrainConfig`, every setting with its default and help text), `span_corruption`
(seqio's span corruption in NumPy), `data` (streaming loader), `model` (a compact T5 v1.1 whose
checkpoints load in `transformers`), `train` (the trainer; `c4pipe pretrain` is
`c4pipe.commands.pretrain`). Importing this package, `config` or `span_corruption` does not load
torch, so the command line stays cheap to build.
"""
