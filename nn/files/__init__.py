"""Files: nn.save and nn.load over safetensors (and gradproof 0.1's .npz), every header claim
checked first."""
