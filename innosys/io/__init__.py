"""Reading and validating innosys data directories.

>>> from innosys.io import load_dataset
>>> ds = load_dataset()                      # the dataset shipped with innosys
>>> sorted(ds.tables)[:3]
['activities', 'actors', 'adoptions']
"""

from innosys.io.dataset import Dataset, default_data_dir, load_dataset
from innosys.io.problems import Problem, ValidationError
from innosys.io.write import write_tables

__all__ = ["Dataset", "Problem", "ValidationError", "default_data_dir", "load_dataset", "write_tables"]
