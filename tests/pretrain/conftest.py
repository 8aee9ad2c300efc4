import os

import pytest

from tests.fixtures import pretrain_corpus as corpus


@pytest.fixture(scope="session")
def tokenized_dir(tmp_path_factory):
    """A tokenized fixture corpus: 4 train shards + 1 validation shard, 500-piece vocabulary."""
    from c4pipe.tokens.tokenize import tokenize_dir

    root = str(tmp_path_factory.mktemp("pretrain_corpus"))
    corpus.make_corpus(root, train_docs=160, validation_docs=24, train_shards=4)
    model = corpus.train_small_vocab(root, os.path.join(root, "spm.model"))
    tokenize_dir(root, model)
    return os.path.join(root, "tokenized")


@pytest.fixture(autouse=True)
def _one_torch_thread():
    """The CI box has 2 shared cores: OpenMP threads that spin-wait on them slow each other down under load."""
    try:
        import torch
    except ImportError:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
