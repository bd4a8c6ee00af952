"""Convolutions, 1-D to 3-D and transposed, their rules (im2col, col2im), fold/unfold and the
padding layers."""
