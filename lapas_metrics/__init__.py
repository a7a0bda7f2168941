"""Lapas Industri dashboard: store, importer, metrics and charts for the Kanwil Jawa Barat."""

__version__ = "0.1.0"
