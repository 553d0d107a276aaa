"""The web page's parts: views (pure formatting) and the service (index, uploads, exports)."""
