"""Rules that turn triaged, linked posts into signals, and the inbox that lists them."""
