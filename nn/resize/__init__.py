"""Resizing: F.interpolate and nn.Upsample (nearest, linear family, bicubic, area), pixel shuffle,
and their old names."""
