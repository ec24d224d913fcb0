"""innosys: municipal innovation systems as graphs, and how innovations spread through them.

Heavy modules (pandas, networkx, neo4j) are imported by the submodules that need
them, so ``import innosys`` and ``innosys --help`` stay fast.
"""

__version__ = "0.1.0"
