"""Each certificate as an Open Badges 3.0 credential (`OpenBadgeCredential`), signed as a
VC-JWT (JOSE, ES256 or RS256) with the key that signs the PDFs (jwcrypto).

A third party verifies one by: decoding the JWT header, fetching the issuer's keys from
the `kid` URL (`/certificates/issuer/jwks.json`, the issuer profile at
`/certificates/issuer/` links it), checking the signature with the key whose `kid`
matches, checking that `iss` and `vc.issuer.id` are the issuer profile's URL, and then
asking `credentialStatus.id` (the public verification JSON) whether it was revoked since.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.urls import reverse
from jwcrypto import jwk, jwt

from .pdf import signing

OB_CONTEXT = [
    "https://www.w3.org/2018/credentials/v1",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def issuer_id():
    return _absolute(reverse("certificates:issuer"))


def jwks_url():
    return _absolute(reverse("certificates:jwks"))


def _private_key():
    files = signing.key_files()
    return jwk.JWK.from_pem(files.key.read_bytes(), password=files.passphrase)


def public_key():
    """The issuer's public key as a JWK dict, with its `kid` (an RFC 7638 thumbprint)."""
    key = _private_key()
    public = key.export_public(as_dict=True)
    public["kid"] = key.thumbprint()
    public["use"] = "sig"
    public["alg"] = _algorithm(key)
    return public


def _algorithm(key):
    return "ES256" if key.get("kty") == "EC" else "RS256"


def issuer_profile(name):
    return {
        "@context": OB_CONTEXT,
        "id": issuer_id(),
        "type": ["Profile"],
        "name": name,
        "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/",
        "publicKey": jwks_url(),
    }


def _identity(certificate):
    """The recipient as a salted SHA-256 of their e-mail address (OB 3.0 IdentityObject):
    a wallet can prove the credential is theirs without the address being published.
    The salt is derived from the code and the site's secret, so it is stable."""
    email = (certificate.trainee.email or "").strip().lower()
    salt = hashlib.sha256(f"{settings.SECRET_KEY}:{certificate.code}".encode()).hexdigest()[:16]
    digest = hashlib.sha256((email + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def _timestamp(value):
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def credential(certificate, *, issuer_name):
    """The OpenBadgeCredential of `certificate` (what the JWT's `vc` claim holds)."""
    verify = _absolute(reverse("certificates:verify_code", args=[certificate.code]))
    issued_at = certificate.issued_at or datetime.datetime.combine(
        certificate.issued_on, datetime.time(), tzinfo=datetime.UTC
    )
    dates = ""
    if certificate.starts_on and certificate.ends_on:
        dates = f" from {certificate.starts_on:%d %B %Y} to {certificate.ends_on:%d %B %Y}"
    hours = f" ({certificate.hours} hours)" if certificate.hours else ""
    return {
        "@context": OB_CONTEXT,
        "id": verify,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Certificate of completion: {certificate.training_title}",
        "issuer": issuer_profile(issuer_name),
        "issuanceDate": _timestamp(issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [_identity(certificate)],
            "achievement": {
                "id": f"{verify}#achievement",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": certificate.training_title,
                "description": f"{certificate.training_title}, {certificate.centre_name}",
                "criteria": {
                    "narrative": (
                        f"Completed the session held in {certificate.city or '–'}{dates}"
                        f"{hours} at {certificate.centre_name}."
                    )
                },
            },
        },
        "credentialStatus": {
            "id": verify + "?format=json",
            "type": "TrainingHubVerificationStatus",
        },
    }


def signed_credential(certificate, *, issuer_name):
    """The credential as a compact VC-JWT (header.payload.signature)."""
    key = _private_key()
    vc = credential(certificate, issuer_name=issuer_name)
    issued = int(
        datetime.datetime.fromisoformat(vc["issuanceDate"].replace("Z", "+00:00")).timestamp()
    )
    claims = {
        "iss": vc["issuer"]["id"],
        "jti": vc["id"],
        "nbf": issued,
        "iat": issued,
        "vc": vc,
    }
    header = {"alg": _algorithm(key), "typ": "JWT", "kid": f"{jwks_url()}#{key.thumbprint()}"}
    token = jwt.JWT(header=header, claims=json.dumps(claims, ensure_ascii=False))
    token.make_signed_token(key)
    return token.serialize()


def verify_token(token, public_jwk):
    """The claims of a VC-JWT checked against `public_jwk` (a dict); raises when the
    signature does not hold. What a third party does, for the tests and the README."""
    key = jwk.JWK(**{k: v for k, v in public_jwk.items() if k not in ("use", "alg")})
    checked = jwt.JWT(jwt=token, key=key, algs=["ES256", "RS256"])
    return json.loads(checked.claims)
