"""chidao extraction: from a notice file to structured records (directives, issues, ...)."""
from extraction.pipeline import extract, extract_text
from extraction.readers import ReadError
from extraction.records import Notice, NoticeMeta, Record

__all__ = ["extract", "extract_text", "ReadError", "Notice", "NoticeMeta", "Record"]
