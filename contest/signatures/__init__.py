"""Signatures drawn with a finger: what was signed (its hash), who signed, the ink (a PNG).

The day's papers are signed by judges (their 评分表), the 评委组长 (each result), the 监督
(corrections and forced reveals), witnesses (the draw) and whoever rules on an appeal. Every
one is kept here in the same shape: the canonical hash of the payload the signer saw, and
the image. A signature is never edited or deleted; when what it signed changes, it is marked
superseded and a new one is asked for, and the old one stays with the old version.

Import from the modules: `digest`, `image` (decode_png, SignatureRefused), `models`
(Signature), `store` (record, current, supersede, verify). Nothing is imported here, so the
models can be registered without pulling in the audit log.
"""
