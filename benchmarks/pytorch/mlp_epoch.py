"""The same MLP epoch as `firstpass train --model mlp` in PyTorch, for a side-by-side epoch time.

Fashion-MNIST from the Debian package (IDX .gz files), the first N training images, MLP 784-256-128-10,
plain SGD at a constant learning rate, batch 128, one thread; each epoch trains once over the subset
and evaluates the full test set, as the FirstPass trainer does. Prints one epoch time per line.
"""
import gzip
import struct
import sys
import time

import numpy as np
import torch

DATA = "/usr/share/datasets/fashion-mnist"


def idx(path):
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = [struct.unpack(">I", f.read(4))[0] for _ in range(magic & 0xFF)]
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def main(subset, epochs, seed):
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    x_train = torch.tensor(idx(f"{DATA}/train-images-idx3-ubyte.gz")[:subset].reshape(subset, -1) / 255.0,
                           dtype=torch.float32)
    y_train = torch.tensor(idx(f"{DATA}/train-labels-idx1-ubyte.gz")[:subset], dtype=torch.long)
    x_test = torch.tensor(idx(f"{DATA}/t10k-images-idx3-ubyte.gz").reshape(10000, -1) / 255.0, dtype=torch.float32)
    y_test = torch.tensor(idx(f"{DATA}/t10k-labels-idx1-ubyte.gz"), dtype=torch.long)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    loss_fn = torch.nn.CrossEntropyLoss()
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(subset)
        model.train()
        for i in range(0, subset, 128):
            batch = order[i:i + 128]
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[batch]), y_train[batch])
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            for i in range(0, 10000, 128):
                model(x_test[i:i + 128]).argmax(1).eq(y_test[i:i + 128]).sum()
        print(f"{time.perf_counter() - start:.4f}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000, int(sys.argv[2]) if len(sys.argv) > 2 else 5, 0)
