# Vault 1.17 with TLS: the same as config.hcl, but the listener serves HTTPS. Mount the certificate and key at
# /vault/tls (readable by the vault user, the key 0600), point VAULT_ADDR at https://vault:8200 and give clients the
# CA with VAULT_CACERT. Prometheus then scrapes with `scheme: https` and `tls_config.ca_file`.

storage "file" {
  path = "/vault/file"
}

listener "tcp" {
  address                  = "0.0.0.0:8200"
  tls_cert_file            = "/vault/tls/vault.crt"
  tls_key_file             = "/vault/tls/vault.key"
  tls_min_version          = "tls12"
  tls_disable_client_certs = true

  telemetry {
    unauthenticated_metrics_access = true
  }
}

telemetry {
  prometheus_retention_time = "24h"
  disable_hostname          = true
}

api_addr = "https://vault:8200"
ui       = false
