"""Sequences: embeddings, recurrent layers and cells, attention and the Transformer."""
