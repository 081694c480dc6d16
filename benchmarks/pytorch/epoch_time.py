"""The same epoch as `firstpass train --model mlp|cnn` in PyTorch, for a side-by-side epoch time.

Fashion-MNIST from the Debian package (IDX .gz files), the first N training images, plain SGD at a
constant learning rate, batch 128, one thread. Each epoch does what the FirstPass trainer does: trains
once over the subset in a shuffled order, evaluates the first M test images in batches of 1000, and computes
the four metrics it reports (train and test loss and accuracy), kept as tensors and read once per epoch.
Models: mlp 784-256-128-10; cnn conv3x3(32)-relu-maxpool2-conv3x3(64)-relu-maxpool2-linear(128)-relu-
linear(10), both convolutions padded by 1. Prints one epoch time per line.

    python3 epoch_time.py MODEL TRAIN_SUBSET TEST_SUBSET EPOCHS
"""
import gzip
import struct
import sys
import time

import numpy as np
import torch

DATA = "/usr/share/datasets/fashion-mnist"
BATCH = 128
EVALUATION_BATCH = 1000


def idx(path):
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = [struct.unpack(">I", f.read(4))[0] for _ in range(magic & 0xFF)]
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def images(path, count):
    return torch.tensor(idx(path)[:count].reshape(count, 1, 28, 28) / 255.0, dtype=torch.float32)


def network(model):
    nn = torch.nn
    if model == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                             nn.Linear(128, 10))
    if model == "cnn":
        return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                             nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    raise SystemExit(f"model must be mlp or cnn: {model}")


def main(model_name, subset, test_subset, epochs, seed):
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    x_train = images(f"{DATA}/train-images-idx3-ubyte.gz", subset)
    y_train = torch.tensor(idx(f"{DATA}/train-labels-idx1-ubyte.gz")[:subset], dtype=torch.long)
    x_test = images(f"{DATA}/t10k-images-idx3-ubyte.gz", test_subset)
    y_test = torch.tensor(idx(f"{DATA}/t10k-labels-idx1-ubyte.gz")[:test_subset], dtype=torch.long)
    model = network(model_name)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    loss_fn = torch.nn.CrossEntropyLoss()
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(subset)
        train_loss, train_correct = torch.zeros(()), torch.zeros((), dtype=torch.long)
        model.train()
        for i in range(0, subset, BATCH):
            batch = order[i:i + BATCH]
            labels = y_train[batch]
            optimizer.zero_grad()
            predictions = model(x_train[batch])
            loss = loss_fn(predictions, labels)
            loss.backward()
            optimizer.step()
            with torch.no_grad():
                train_loss += loss * len(batch)
                train_correct += predictions.argmax(1).eq(labels).sum()
        model.eval()
        test_loss, test_correct = torch.zeros(()), torch.zeros((), dtype=torch.long)
        with torch.no_grad():
            for i in range(0, test_subset, EVALUATION_BATCH):
                predictions = model(x_test[i:i + EVALUATION_BATCH])
                labels = y_test[i:i + EVALUATION_BATCH]
                test_loss += loss_fn(predictions, labels) * len(labels)
                test_correct += predictions.argmax(1).eq(labels).sum()
        metrics = [train_loss.item() / subset, train_correct.item() / subset, test_loss.item() / test_subset,
                   test_correct.item() / test_subset]
        assert all(m == m for m in metrics), metrics
        print(f"{time.perf_counter() - start:.4f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), 0)
