"""Pooling: max, average, adaptive, LP and unpooling, 1-D to 3-D: functions, rules and layers."""
