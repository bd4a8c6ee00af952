"""Losses: their functions (nn.functional), their fused rules, and their modules; distances
between vectors."""
