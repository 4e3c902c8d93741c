"""The backup file's encryption: AES-256-GCM over 1 MiB chunks, keyed from BACKUP_KEY.

Layout: a header (magic, format, scrypt salt, nonce prefix, key check) and then chunks,
each `[4-byte length][ciphertext and tag]`. Each chunk's nonce is the file's random prefix,
the chunk's number and a flag set only on the last chunk, and the header is every chunk's
associated data. So a changed byte anywhere, chunks swapped, dropped or added, and a file
cut short (even at a chunk boundary: no chunk carries the last flag) are all refused. The
key check (an HMAC of the header under a key derived beside the encryption key) tells a
backup made with another BACKUP_KEY from a damaged one."""

import hashlib
import hmac
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"REHABBK"
FORMAT = 1
CHUNK = 1 << 20
SALT_BYTES = 16
PREFIX_BYTES = 7
CHECK_BYTES = 32
HEADER = struct.Struct(f">7sB{SALT_BYTES}s{PREFIX_BYTES}s")
LENGTH = struct.Struct(">I")
TAG_BYTES = 16
MIN_KEY_LENGTH = 32


class BackupError(Exception):
    """A backup that cannot be trusted or read; the message says why, for the operator."""


def check_key(key):
    if not key:
        raise BackupError(
            "Set BACKUP_KEY (at least 32 characters, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`) and keep a copy "
            "somewhere other than the backups: without it no backup can be read."
        )
    if len(key) < MIN_KEY_LENGTH:
        raise BackupError(f"BACKUP_KEY must be at least {MIN_KEY_LENGTH} characters long.")


def derive_keys(key, salt):
    """(encryption key, key-check key) from BACKUP_KEY: scrypt, about 0.1 s."""
    material = Scrypt(salt=salt, length=64, n=2**15, r=8, p=1).derive(key.encode())
    return material[:32], material[32:]


def nonce(prefix, number, last):
    return prefix + struct.pack(">IB", number, 1 if last else 0)


class EncryptingWriter:
    """A write-only file object that encrypts what it is given into `out`."""

    def __init__(self, out, key):
        check_key(key)
        salt, self.prefix = os.urandom(SALT_BYTES), os.urandom(PREFIX_BYTES)
        header = HEADER.pack(MAGIC, FORMAT, salt, self.prefix)
        encryption_key, check = derive_keys(key, salt)
        self.header = header + hmac.new(check, header, hashlib.sha256).digest()
        self.aead = AESGCM(encryption_key)
        self.out = out
        self.out.write(self.header)
        self.buffer = bytearray()
        self.number = 0
        self.size = len(self.header)

    def write(self, data):
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._emit(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def close(self):
        """Writes the last chunk (possibly empty), which marks the end."""
        self._emit(bytes(self.buffer), last=True)
        self.buffer = bytearray()

    def _emit(self, chunk, *, last):
        sealed = self.aead.encrypt(nonce(self.prefix, self.number, last), chunk, self.header)
        self.out.write(LENGTH.pack(len(sealed)) + sealed)
        self.number += 1
        self.size += LENGTH.size + len(sealed)


class DecryptingReader:
    """A read-only file object over an encrypted backup; every chunk is authenticated
    before any of its bytes are handed out."""

    def __init__(self, source, key):
        check_key(key)
        self.source = source
        header = source.read(HEADER.size)
        if len(header) < HEADER.size or not header.startswith(MAGIC):
            raise BackupError("This is not a rehab backup file (or its start is missing).")
        magic, version, salt, self.prefix = HEADER.unpack(header)
        if version != FORMAT:
            raise BackupError(
                f"This backup has format {version}; this version of rehab reads format {FORMAT}."
            )
        given = source.read(CHECK_BYTES)
        encryption_key, check = derive_keys(key, salt)
        if not hmac.compare_digest(given, hmac.new(check, header, hashlib.sha256).digest()):
            raise BackupError(
                "This backup was encrypted with another key: BACKUP_KEY is not the key it "
                "was made with (or its header is damaged)."
            )
        self.header = header + given
        self.aead = AESGCM(encryption_key)
        self.number = 0
        self.ended = False
        self.buffer = b""
        self.position = 0

    def _next_chunk(self):
        length = self.source.read(LENGTH.size)
        if len(length) < LENGTH.size:
            raise BackupError("This backup is truncated: it ends before its last part.")
        (size,) = LENGTH.unpack(length)
        if size < TAG_BYTES or size > CHUNK + TAG_BYTES:
            raise BackupError("This backup is damaged or has been tampered with.")
        sealed = self.source.read(size)
        if len(sealed) < size:
            raise BackupError("This backup is truncated: it ends before its last part.")
        for last in (False, True):
            try:
                chunk = self.aead.decrypt(
                    nonce(self.prefix, self.number, last), sealed, self.header
                )
            except InvalidTag:
                continue
            self.number += 1
            if last:
                self.ended = True
                if self.source.read(1):
                    raise BackupError(
                        "This backup has data after its end: it has been tampered with."
                    )
            return chunk
        raise BackupError(
            f"This backup has been changed or damaged (part {self.number + 1} fails its check)."
        )

    def read(self, size=-1):
        while not self.ended and (size < 0 or len(self.buffer) - self.position < size):
            self.buffer = self.buffer[self.position :] + self._next_chunk()
            self.position = 0
        end = len(self.buffer) if size < 0 else self.position + size
        data = self.buffer[self.position : end]
        self.position += len(data)
        return data

    def finish(self):
        """Reads to the end: a reader that stopped early (tar's end marker) still sees a
        cut-off or extended file refused."""
        while not self.ended:
            self._next_chunk()
