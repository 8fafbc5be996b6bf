"""How paths are drawn: the vectorised Monte Carlo kernel, the project pipelines fed from the
DES, chunked runs with exact order statistics, and the schedulers that spread them."""
