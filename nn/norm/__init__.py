"""Normalisation: batch, layer, group, instance, RMS and local response norms, functions and
layers."""
