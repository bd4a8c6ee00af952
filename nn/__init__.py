"""Neural-network building blocks on autograd's public API."""

from .module import Module
from .scalar import MLP, Layer, Neuron

__all__ = ["MLP", "Layer", "Module", "Neuron"]
