"""https through the fetcher: the certificate is still checked against the host name.

The fetcher connects to the address it checked rather than to a second DNS answer; TLS
must nonetheless verify the certificate for the name in the address. A local https site
with a certificate nobody signed is therefore unreachable, with a reason, and nothing
of its answer is read.
"""

import datetime
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from stories.safe_fetch import FetchError, FetchRefused, fetch


def self_signed(directory) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_file), str(key_file)


class Answer(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


@pytest.fixture
def https_site(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    server.asked = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*self_signed(tmp_path))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_an_untrusted_certificate_is_not_accepted(settings, https_site):
    settings.LIVEBLOG_FETCH_ALLOWED_HOSTS = ["localhost"]
    port = https_site.server_address[1]

    with pytest.raises(FetchError) as raised:
        fetch(f"https://localhost:{port}/statement")

    assert not isinstance(raised.value, FetchRefused)
    assert raised.value.reason == "the site's certificate could not be verified"
    assert https_site.asked == []


def test_https_to_a_private_address_is_refused_before_any_handshake(settings, https_site):
    settings.LIVEBLOG_FETCH_ALLOWED_HOSTS = []
    port = https_site.server_address[1]

    with pytest.raises(FetchRefused, match="loopback"):
        fetch(f"https://localhost:{port}/statement")

    assert https_site.asked == []
