"""Offline translation and glossary workbench for newsroom articles."""

__version__ = "0.1.0"
