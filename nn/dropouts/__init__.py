"""Dropout in its forms: elementwise, whole channels, alpha dropout; functions and layers."""
