"""The ipgraph benchmark (``make bench``); see ``bench/RESULTS.md`` and ``bench/run.py``."""
