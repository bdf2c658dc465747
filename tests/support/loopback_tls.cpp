// TLS for the loopback server (OpenSSL): a self-signed certificate made in
// memory at start-up, and a transport that speaks TLS over an accepted socket.
#include "support/loopback_transport.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <sys/socket.h>
#include <sys/types.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <stdexcept>

namespace clipfeed::testing::detail {

namespace {

[[noreturn]] void fail(const char* what) {
    unsigned long code = ERR_get_error();
    char detail[256] = "";
    if (code != 0) ERR_error_string_n(code, detail, sizeof detail);
    ERR_clear_error();
    throw std::runtime_error(std::string("loopback TLS: ") + what + (code != 0 ? ": " : "") + detail);
}

// The socket's descriptor is the BIO's data (a pointer to the transport's int).
int socket_of(BIO* bio) {
    return *static_cast<const int*>(BIO_get_data(bio));
}

// OpenSSL's own socket BIO writes with write(2), which raises SIGPIPE when the
// client has gone; this one sends with MSG_NOSIGNAL instead.
int socket_bio_write(BIO* bio, const char* data, int size) {
    BIO_clear_retry_flags(bio);
    for (;;) {
        ssize_t sent = ::send(socket_of(bio), data, static_cast<std::size_t>(size), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR) continue;
        return sent < 0 ? -1 : static_cast<int>(sent);
    }
}

int socket_bio_read(BIO* bio, char* data, int size) {
    BIO_clear_retry_flags(bio);
    for (;;) {
        ssize_t got = ::recv(socket_of(bio), data, static_cast<std::size_t>(size), 0);
        if (got < 0 && errno == EINTR) continue;
        return got < 0 ? -1 : static_cast<int>(got);
    }
}

long socket_bio_ctrl(BIO*, int command, long, void*) {
    return command == BIO_CTRL_FLUSH ? 1 : 0;  // sends are unbuffered
}

int socket_bio_create(BIO* bio) {
    BIO_set_init(bio, 1);
    return 1;
}

class TlsTransport : public Transport {
public:
    TlsTransport(SSL_CTX* context, const BIO_METHOD* socket_method, int socket_fd)
        : fd_(socket_fd), ssl_(SSL_new(context)) {
        BIO* bio = ssl_ ? BIO_new(socket_method) : nullptr;
        if (!bio) return;
        BIO_set_data(bio, &fd_);
        SSL_set_bio(ssl_, bio, bio);  // the SSL owns the BIO from here
    }
    ~TlsTransport() override {
        SSL_free(ssl_);
        ERR_clear_error();  // failed reads leave entries in this thread's queue
    }

    bool handshake() override {
        return ssl_ && SSL_get_rbio(ssl_) && SSL_accept(ssl_) == 1;
    }

    std::size_t read(char* buffer, std::size_t size) override {
        int got = SSL_read(ssl_, buffer, static_cast<int>(std::min<std::size_t>(size, INT_MAX)));
        return got > 0 ? static_cast<std::size_t>(got) : 0;
    }

    bool write(std::string_view bytes) override {
        while (!bytes.empty()) {
            int sent = SSL_write(ssl_, bytes.data(), static_cast<int>(std::min<std::size_t>(bytes.size(), INT_MAX)));
            if (sent <= 0) return false;
            bytes.remove_prefix(static_cast<std::size_t>(sent));
        }
        return true;
    }

    void finish() override {
        // Sends close_notify; the client's answer is not waited for.
        if (ssl_ && SSL_is_init_finished(ssl_)) SSL_shutdown(ssl_);
    }

private:
    int fd_;
    SSL* ssl_;
};

void add_extension(X509* certificate, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    if (!extension) fail("X509V3_EXT_conf_nid");
    bool added = X509_add_ext(certificate, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    if (!added) fail("X509_add_ext");
}

// A certificate for 127.0.0.1 and localhost, valid from an hour ago for a week,
// signed by its own key: a client that trusts it as a CA accepts the server.
X509* make_self_signed_certificate(EVP_PKEY* key) {
    X509* certificate = X509_new();
    if (!certificate) fail("X509_new");
    std::uint64_t serial = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof serial) != 1) fail("RAND_bytes");
    serial >>= 1;  // positive
    X509_NAME* name = X509_get_subject_name(certificate);
    bool ok = X509_set_version(certificate, X509_VERSION_3) == 1 &&
              ASN1_INTEGER_set_uint64(X509_get_serialNumber(certificate), serial) == 1 &&
              X509_gmtime_adj(X509_getm_notBefore(certificate), -60 * 60) != nullptr &&
              X509_gmtime_adj(X509_getm_notAfter(certificate), 7 * 24 * 60 * 60) != nullptr &&
              X509_set_pubkey(certificate, key) == 1 &&
              X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                         reinterpret_cast<const unsigned char*>("clipfeed tests"), -1, -1, 0) == 1 &&
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                         reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0) == 1 &&
              X509_set_issuer_name(certificate, name) == 1;
    if (!ok) {
        X509_free(certificate);
        fail("filling the certificate");
    }
    try {
        add_extension(certificate, NID_basic_constraints, "critical,CA:TRUE");
        add_extension(certificate, NID_key_usage, "critical,digitalSignature,keyCertSign");
        add_extension(certificate, NID_ext_key_usage, "serverAuth");
        add_extension(certificate, NID_subject_key_identifier, "hash");
        add_extension(certificate, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    } catch (...) {
        X509_free(certificate);
        throw;
    }
    if (X509_sign(certificate, key, EVP_sha256()) == 0) {
        X509_free(certificate);
        fail("X509_sign");
    }
    return certificate;
}

std::string certificate_as_pem(X509* certificate) {
    BIO* memory = BIO_new(BIO_s_mem());
    if (!memory) fail("BIO_new");
    std::string pem;
    if (PEM_write_bio_X509(memory, certificate) == 1) {
        char* data = nullptr;
        long size = BIO_get_mem_data(memory, &data);
        pem.assign(data, static_cast<std::size_t>(size));
    }
    BIO_free(memory);
    if (pem.empty()) fail("PEM_write_bio_X509");
    return pem;
}

}  // namespace

struct TlsServer::State {
    SSL_CTX* context = nullptr;
    BIO_METHOD* socket_method = nullptr;
    std::string certificate_pem;

    ~State() {
        SSL_CTX_free(context);
        BIO_meth_free(socket_method);
    }
};

TlsServer::TlsServer() : state_(std::make_unique<State>()) {
    state_->socket_method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "loopback socket");
    if (!state_->socket_method || BIO_meth_set_write(state_->socket_method, socket_bio_write) != 1 ||
        BIO_meth_set_read(state_->socket_method, socket_bio_read) != 1 ||
        BIO_meth_set_ctrl(state_->socket_method, socket_bio_ctrl) != 1 ||
        BIO_meth_set_create(state_->socket_method, socket_bio_create) != 1) {
        fail("BIO_meth_new");
    }

    // An EC key: made in a moment, where RSA takes noticeable time per server.
    EVP_PKEY* key = EVP_EC_gen("P-256");
    if (!key) fail("EVP_EC_gen");
    X509* certificate = nullptr;
    try {
        certificate = make_self_signed_certificate(key);
        state_->certificate_pem = certificate_as_pem(certificate);
        state_->context = SSL_CTX_new(TLS_server_method());
        if (!state_->context) fail("SSL_CTX_new");
        if (SSL_CTX_set_min_proto_version(state_->context, TLS1_2_VERSION) != 1 ||
            SSL_CTX_use_certificate(state_->context, certificate) != 1 ||
            SSL_CTX_use_PrivateKey(state_->context, key) != 1 || SSL_CTX_check_private_key(state_->context) != 1) {
            fail("setting up the SSL_CTX");
        }
    } catch (...) {
        X509_free(certificate);
        EVP_PKEY_free(key);
        throw;
    }
    // The context holds its own references now.
    X509_free(certificate);
    EVP_PKEY_free(key);
}

TlsServer::~TlsServer() = default;

const std::string& TlsServer::certificate_pem() const {
    return state_->certificate_pem;
}

std::unique_ptr<Transport> TlsServer::wrap(int socket_fd) const {
    return std::make_unique<TlsTransport>(state_->context, state_->socket_method, socket_fd);
}

}  // namespace clipfeed::testing::detail
