"""Compliance with Circular 22/2019/TT-BTTTT: the criteria registry, the evidence collected by
the test suite and the benchmarks, the requests register, and the self-assessment report."""
