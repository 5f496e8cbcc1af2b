"""finsam: validated, provenance-tracked tables and offline reports from samordningsförbund documents."""

__version__ = "0.1.0"
