"""Tables in document text: see :mod:`finsam_data.extract.table`, the table model.

This module keeps the import path the rest of the package uses.
"""

from finsam_data.extract.table import Table, TableFact, cell_amount, find_tables, table_facts

__all__ = ["Table", "TableFact", "cell_amount", "find_tables", "table_facts"]
