"""dataloader python.torch (kept out of workloads/, whose every module the harness imports): torch.utils.data.DataLoader over the same batches (imported only with torch).

One item of the Dataset is one whole batch (batch_size=None: no collation), so the workers do exactly the
loading and decoding of the other impls. threads = 1 -> num_workers = 0 (the training loop loads), T > 1
-> T spawned workers; pin_memory where CUDA is available (page-locked buffers for the copy to the GPU).
"""

from __future__ import annotations

import torch
from torch.utils.data import DataLoader, Dataset


class Batches(Dataset):
    def __init__(self, cell):
        self.folder, self.batch, self.features, self.count = str(cell.folder), cell.batch, cell.features, cell.batches

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int):
        from python_baselines.workloads import dataloader_data as data

        return torch.from_numpy(data.load_batch(self.folder, index, self.batch, self.features))


def prepare(cell):
    workers = 0 if cell.workers == 1 else cell.workers
    loader = DataLoader(
        Batches(cell),
        batch_size=None,
        shuffle=False,
        num_workers=workers,
        pin_memory=torch.cuda.is_available(),
        persistent_workers=workers > 0,
        prefetch_factor=2 if workers else None,
        multiprocessing_context="spawn" if workers else None,
    )
    return cell.prepared(lambda: (x.numpy() for x in loader))
