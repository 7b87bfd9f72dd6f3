"""dataloader: the definition (files, decode, training step, checksums) and the epoch's clock.

    sample s (s = 0 .. batches*batch - 1): `features` uint8 values, value j = floor(256 * uniform01(seed,
        s * features + j)), one file each: dataloader-f{features}-seed{seed}/sample-{s:07d}.u8 in the data
        folder (python_baselines/data_files.py), generated once and read by every impl of the run
    decode: x = float32(v) / 255 (float32, correctly rounded: the same in every language)
    W: features x outputs float32, W[j][k] = float32(uniform01(seed, W_OFFSET + j * outputs + k))
    step on batch b (samples b*batch .. b*batch + batch - 1, in order): Y_b = X_b @ W (float32 GEMM, BLAS)
    checksums over the epoch's outputs stacked in batch order, a (batches*batch) x outputs matrix Y:
        checksum = sum of Y; checksum_weighted = sum_rc Y[r][c] * w(r) * w(R + c)   (checksums.py)
    A batch skipped, repeated, or fed out of order changes the weighted checksum.

The step idle share: the fraction of the epoch's wall time the training step was not running (waiting for
its batch, or, in python.serial, loading it itself): (epoch - sum of step times) / epoch.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from python_baselines import data_files
from references.dataloader import W_OFFSET, checksums, decode, sample_values, weights  # noqa: F401 (the definition)
from references.dataloader import reference  # noqa: F401  (the reference lives in references/; re-exported)

GENERATE_SAMPLES = 256  # samples generated at a time


def sample_folder(features: int, seed: int) -> Path:
    return data_files.data_dir() / f"dataloader-f{features}-seed{seed}"


def sample_path(folder: Path, sample: int) -> Path:
    return folder / f"sample-{sample:07d}.u8"


def ensure_samples(samples: int, features: int, seed: int) -> Path:
    """The sample files 0 .. samples-1 (written unless already there with the right size); their folder."""
    folder = sample_folder(features, seed)
    folder.mkdir(parents=True, exist_ok=True)
    wrote = False
    for first in range(0, samples, GENERATE_SAMPLES):
        count = min(GENERATE_SAMPLES, samples - first)
        paths = [sample_path(folder, first + i) for i in range(count)]
        if all(p.exists() and p.stat().st_size == features for p in paths):
            continue
        block = sample_values(first, count, features, seed)
        wrote = True
        for path, row in zip(paths, block):
            temporary = path.with_suffix(f".tmp{os.getpid()}")
            temporary.write_bytes(row.tobytes())
            os.replace(temporary, path)  # no reader ever sees a half-written sample
    if wrote:
        os.sync()  # on the disk: from_disk can then drop the clean pages
    return folder


def load_batch(folder: str, index: int, batch: int, features: int) -> np.ndarray:
    """Batch `index`: its files read and decoded into a (batch, features) float32 array."""
    raw = np.empty((batch, features), dtype=np.uint8)
    base = Path(folder)
    for row in range(batch):
        with open(sample_path(base, index * batch + row), "rb", buffering=0) as handle:
            if handle.readinto(memoryview(raw[row])) != features:
                raise RuntimeError(f"sample {index * batch + row} in {folder} is short")
    return decode(raw)


def drop_samples(folder: Path, samples: int) -> None:
    """from_disk: every sample file's cached pages dropped (posix_fadvise DONTNEED; no root needed)."""
    for sample in range(samples):
        data_files.drop_from_page_cache(sample_path(folder, sample))


class EpochClock:
    """Times an epoch and the steps inside it; `clock` is injectable (tests use a fake one)."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter):
        self.clock = clock
        self.epoch_s = 0.0
        self.step_s = 0.0

    def run(self, batches: Iterable[np.ndarray], step: Callable[[np.ndarray], np.ndarray]) -> list[np.ndarray]:
        """Feeds every batch to `step` in order; returns the outputs. Waiting for the next batch (the
        iterator's own time) counts as idle; the step's time as busy."""
        outputs = []
        start = self.clock()
        for x in batches:
            before = self.clock()
            outputs.append(step(x))
            self.step_s += self.clock() - before
        self.epoch_s += self.clock() - start
        return outputs

    def idle_share(self) -> float:
        return (self.epoch_s - self.step_s) / self.epoch_s if self.epoch_s > 0 else 0.0

    def reset(self) -> None:
        self.epoch_s = self.step_s = 0.0
