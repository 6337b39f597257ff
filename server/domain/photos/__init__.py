"""Photos of findings: uploads, captions and access (uploads.py), blurring regions (redaction.py), and how a
photo reads in the API (views.py). Decoding and storing the files is server/photos/."""
