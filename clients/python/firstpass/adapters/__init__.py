"""Adapters for training frameworks; each is usable only where its framework is installed.

- :mod:`firstpass.adapters.lightning`: ``FirstPassCallback`` for PyTorch Lightning (``lightning`` or
  ``pytorch_lightning``).
- :mod:`firstpass.adapters.huggingface`: ``FirstPassTrainerCallback`` for the Hugging Face ``Trainer``.

Neither framework is a dependency of the package: importing an adapter module without its framework raises
an ImportError that says what to install.
"""
