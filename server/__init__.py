"""Spaces Audit: find, photograph, remedy and prove the removal of exclusionary images in buildings."""

__version__ = "0.1.0"
