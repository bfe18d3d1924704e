"""netpolkit: validate, render, snapshot-test, diff and explain network-policy Helm values."""

__version__ = "0.1.0"
