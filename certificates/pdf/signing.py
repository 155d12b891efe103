"""The issuing organisation's signature on each PDF (PAdES, with pyHanko), and the key
that also signs the Open Badges credentials.

Production names a PEM private key and certificate (chain) with TRAINING_HUB_SIGNING_KEY
and TRAINING_HUB_SIGNING_CERT (file paths, e.g. Docker secrets; the key may be encrypted
with TRAINING_HUB_SIGNING_KEY_PASSPHRASE). Elsewhere, when they are unset, a development
key (EC P-256) and a self-signed certificate are made once in TRAINING_HUB_SIGNING_DEV_DIR
(`make run` does it on first start); they say "development" in their name.
"""

import asyncio
import datetime
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEV_KEY = "dev-signing-key.pem"
DEV_CERT = "dev-signing-cert.pem"
DEV_SUBJECT = "Training Hub development signing key (not for production)"
FIELD_NAME = "Certificate"
SIGNATURE_BYTES = 16 * 1024
_dev_lock = threading.Lock()


@dataclass(frozen=True)
class KeyFiles:
    key: Path
    cert: Path
    passphrase: bytes | None
    development: bool


def key_files():
    """The configured key and certificate, or the development ones (made when missing)."""
    key, cert = settings.TRAINING_HUB_SIGNING_KEY, settings.TRAINING_HUB_SIGNING_CERT
    passphrase = settings.TRAINING_HUB_SIGNING_KEY_PASSPHRASE.encode() or None
    if key or cert:
        for name, value in (
            ("TRAINING_HUB_SIGNING_KEY", key),
            ("TRAINING_HUB_SIGNING_CERT", cert),
        ):
            if not value or not Path(value).is_file():
                raise ImproperlyConfigured(
                    f"Environment variable {name} must name a readable PEM file (is {value!r})."
                )
        return KeyFiles(Path(key), Path(cert), passphrase, development=False)
    directory = Path(settings.TRAINING_HUB_SIGNING_DEV_DIR)
    ensure_development_key(directory)
    return KeyFiles(directory / DEV_KEY, directory / DEV_CERT, None, development=True)


def development_key_environment(directory):
    """The environment that points the production settings at a development key and
    certificate in `directory` (made when missing): for the benchmarks and the tests that
    start the site with production settings, never for a deployment."""
    directory = Path(directory)
    ensure_development_key(directory)
    return {
        "TRAINING_HUB_SIGNING_KEY": str(directory / DEV_KEY),
        "TRAINING_HUB_SIGNING_CERT": str(directory / DEV_CERT),
    }


def ensure_development_key(directory):
    """Make the development key and self-signed certificate in `directory` unless there.
    Returns True when it made them."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    directory = Path(directory)
    with _dev_lock:
        if (directory / DEV_KEY).is_file() and (directory / DEV_CERT).is_file():
            return False
        directory.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, DEV_SUBJECT),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Training Hub (development)"),
            ]
        )
        now = datetime.datetime.now(datetime.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(key, hashes.SHA256())
        )
        key_path = directory / DEV_KEY
        partial = key_path.with_suffix(".partial")
        partial.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        partial.chmod(0o600)
        partial.replace(key_path)
        (directory / DEV_CERT).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return True


@lru_cache(maxsize=4)
def _signer(files):
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load(
        str(files.key), str(files.cert), key_passphrase=files.passphrase
    )
    if signer is None:
        raise ImproperlyConfigured(
            f"The signing key {files.key} or certificate {files.cert} cannot be read "
            "(is the passphrase right?)."
        )
    return signer


def sign(pdf, *, reason, location=""):
    """`pdf` signed (PAdES B-B, SHA-256) with the organisation's key, as new bytes."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location or None,
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    # Room for the CMS signature (a certificate chain of a few kB), reserved up front so
    # that pyHanko does not sign once more only to measure it.
    signer = _signer(key_files())

    def run():
        return signers.sign_pdf(
            writer, metadata, signer=signer, bytes_reserved=SIGNATURE_BYTES
        ).getvalue()

    # pyHanko's sync call runs its own event loop (asyncio.run), which Python refuses inside
    # a running one (an async view, or a thread that drives one): sign in a thread there.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def certificate_pem():
    return key_files().cert.read_bytes()


@dataclass(frozen=True)
class SignatureCheck:
    """What pyHanko says of a PDF's signature against the organisation's certificate."""

    signed: bool
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    whole_file: bool = False
    signer: str = ""

    @property
    def ok(self):
        return self.signed and self.intact and self.valid and self.trusted and self.whole_file


def check(pdf):
    """Validate the first signature of `pdf` with the organisation's certificate as the
    only trust root; anything unreadable is a failed check, never an exception."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.errors import PathBuildingError

    pem = certificate_pem()
    from asn1crypto import pem as asn1_pem

    _type, _headers, der = asn1_pem.unarmor(pem)
    root = asn1_x509.Certificate.load(der)
    try:
        signatures = PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures
    except Exception:  # a damaged file is simply not the signed one
        return SignatureCheck(signed=False)
    if not signatures:
        return SignatureCheck(signed=False)
    try:
        status = validate_pdf_signature(
            signatures[0], ValidationContext(trust_roots=[root], allow_fetching=False)
        )
    except (PathBuildingError, ValueError, KeyError):
        return SignatureCheck(signed=True)
    except Exception:  # pyHanko raises many kinds for a tampered file
        return SignatureCheck(signed=True)
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
    )
