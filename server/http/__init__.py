"""The HTTP edge: routing with declared access, request parsing, errors, security headers, OpenAPI."""
