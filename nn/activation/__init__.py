"""Activation functions (nn.functional's relu, gelu, softplus, the shrinks, ...) and their
modules."""
