"""Passwords are stored as Argon2id hashes and checked without leaking which part was wrong."""

from __future__ import annotations

from server.auth.passwords import hash_password, verify_password


def test_hashes_are_argon2id_and_salted():
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first.startswith("$argon2id$")
    assert first != second
    assert verify_password(first, "correct horse battery")
    assert not verify_password(first, "correct horse batterY")


def test_no_hash_never_verifies():
    assert not verify_password(None, "anything at all")
    assert not verify_password("not a hash", "anything at all")
